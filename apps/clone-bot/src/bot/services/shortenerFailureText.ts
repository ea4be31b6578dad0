import type { CloneTranslate } from '../../i18n/texts';
import type { ShortenerError } from './shortener';

/**
 * Why the shortener failed, in the reader's language: the owner's warning and the settings'
 * test name the failure from the catalogs, never from the error's English message. `null`: no
 * shortener is set, or its key cannot be opened.
 */
export function shortenerFailureText(t: CloneTranslate, error: ShortenerError | null): string {
  if (!error) return t('verification.whyNotSet');
  switch (error.reason) {
    case 'timeout':
      return t('verification.whyTimeout', { seconds: Number(error.detail ?? 5) });
    case 'network':
      return t('verification.whyNetwork');
    case 'http':
      return t('verification.whyHttp', { status: String(error.detail ?? '') });
    case 'rejected':
      return t('verification.whyRejected', { detail: String(error.detail ?? '') });
    case 'garbage':
      return t('verification.whyGarbage');
    case 'open':
      return t('verification.whyOpen', { seconds: Number(error.detail ?? 30) });
    case 'blocked':
      return t('verification.whyBlocked');
  }
}

import { DEFAULT_LOCALE } from '@motherbot/core';
import { cloneTexts, type CloneTranslate } from '../../i18n/texts';
import type { CloneRuntime } from '../context';

/**
 * The texts for a message sent to someone other than the update's sender (a note to the owner
 * about a sale, a notice to the user an owner command changed): in the language the recipient
 * chose with /language, else English. Their Telegram language is known only from their own
 * updates, and a background job has none.
 */
export function textsFor(rt: CloneRuntime, userId: number): CloneTranslate {
  return cloneTexts.forLocale(rt.data.languages.get(userId) ?? DEFAULT_LOCALE);
}

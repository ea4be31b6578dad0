import { AppError, escapeHtml, fmtDate } from '@motherbot/core';
import type { MotherTranslate } from '../i18n/texts';

/** The owner-facing sentence for an onboarding failure; never a stack, never a token. */
export function onboardingFailureText(t: MotherTranslate, error: unknown): string {
  if (!(error instanceof AppError)) return t('onboarding.failed');
  const bot = escapeHtml(String(error.context.botUsername));
  switch (error.code) {
    case 'TOKEN_MALFORMED':
      return t('onboarding.tokenMalformed');
    case 'TOKEN_INVALID':
      return t('onboarding.tokenInvalid');
    case 'TOKEN_CHECK_UNAVAILABLE':
      return t('onboarding.tokenCheckUnavailable');
    case 'BOT_DUPLICATE':
      return t(error.context.sameOwner ? 'onboarding.duplicateOwn' : 'onboarding.duplicateOther', { bot });
    case 'CLONE_LIMIT':
      return t('onboarding.cloneLimit', { limit: String(error.context.limit) });
    case 'TOKEN_BOT_MISMATCH':
      return t('onboarding.tokenMismatch');
    case 'CLONE_NOT_FOUND':
      return t('onboarding.cloneGone');
    default:
      return t('onboarding.failed');
  }
}

/**
 * "Your clone is created", made from a token (`token`) or by Telegram's managed-bot flow
 * (`managed`). A clone that waits for the admins' approval has no trial end yet: its trial
 * starts at the approval. Dates are written the one way every screen writes them (UTC).
 */
export function createdLine(t: MotherTranslate, created: { botUsername: string; trialEndsAt: Date; restored?: boolean; pendingApproval?: boolean }, how: 'token' | 'managed'): string {
  const params = { bot: escapeHtml(created.botUsername), date: fmtDate(created.trialEndsAt) };
  if (created.restored) return t('onboarding.restored', params);
  if (created.pendingApproval) return t(how === 'managed' ? 'onboarding.managedCreatedPending' : 'onboarding.createdPending', params);
  return t(how === 'managed' ? 'onboarding.managedCreated' : 'onboarding.created', params);
}

/** The last line of "your clone is created": it starts now, or it waits for the admins' approval. */
export function startingLine(t: MotherTranslate, created: { pendingApproval?: boolean }): string {
  return t(created.pendingApproval ? 'onboarding.pendingApproval' : 'onboarding.starting');
}

import type { MotherTranslate } from '../i18n/texts';

/**
 * Why a clone waiting for an admin's approval, or rejected, is not renewed nor given referral
 * days, in a callback answer (the payment and referral services refuse it too).
 */
export const notApprovedAnswer = (t: MotherTranslate, approval: 'pending' | 'rejected'): string =>
  t(approval === 'pending' ? 'payments.refuse.pendingApproval' : 'payments.refuse.rejected');

import { AppError } from '@motherbot/core';

/** The actor may not do this (an owner on someone else's clone, a non-admin on an admin action). */
export class NotAllowedError extends AppError {
  constructor(action: string) {
    super('NOT_ALLOWED', `Not allowed: ${action}`, { action });
  }
}

/** An admin suspended the clone: its owner cannot start or restart it. */
export class CloneSuspendedError extends AppError {
  constructor(cloneId: string) {
    super('CLONE_SUSPENDED', 'The clone is suspended by an admin', { cloneId });
  }
}

/** No such plan, or it is switched off. */
export class PlanNotFoundError extends AppError {
  constructor(planCode: string) {
    super('PLAN_NOT_FOUND', 'No such plan', { planCode });
  }
}

/** An invoice payload that we did not write (or that was changed). */
export class InvalidPayloadError extends AppError {
  constructor() {
    super('PAYLOAD_INVALID', 'Invoice payload is not one of ours');
  }
}

/** No payment with this reference. */
export class PaymentNotFoundError extends AppError {
  constructor(ref: string) {
    super('PAYMENT_NOT_FOUND', 'No such payment', { ref });
  }
}

/** The payment was refunded already. */
export class AlreadyRefundedError extends AppError {
  constructor(ref: string) {
    super('ALREADY_REFUNDED', 'The payment was already refunded', { ref });
  }
}

/** Admins cannot be banned (they would lock themselves out). */
export class CannotBanAdminError extends AppError {
  constructor(userId: number) {
    super('CANNOT_BAN_ADMIN', 'Admins cannot be banned', { userId });
  }
}

/** No unused referral reward of this presser for this referral (used already, or not theirs). */
export class ReferralRewardNotFoundError extends AppError {
  constructor() {
    super('REFERRAL_REWARD_NOT_FOUND', 'No such unused referral reward');
  }
}

/** The clone is not waiting for approval (approved or rejected already, or made before approval was on). */
export class NotPendingApprovalError extends AppError {
  constructor(cloneId: string) {
    super('NOT_PENDING_APPROVAL', 'The clone is not waiting for approval', { cloneId });
  }
}

/**
 * The clone waits for an admin's approval or was rejected: it cannot run, so nothing may be paid
 * or spent on it (a plan bought for a rejected clone would never run it).
 */
export class CloneNotApprovedError extends AppError {
  constructor(
    cloneId: string,
    readonly approval: 'pending' | 'rejected',
  ) {
    super('CLONE_NOT_APPROVED', approval === 'pending' ? 'The clone waits for an admin to approve it' : 'The clone was not approved', { cloneId, approval });
  }
}

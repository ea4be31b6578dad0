import { createHash } from 'node:crypto';
import { CLONE_ID_PATTERN, KeyedQueue, awaitsOrFailedApproval, type CloneDoc, type PaymentDoc, type PlanDoc, type PlatformModels } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import { CloneNotFoundError } from './onboardingErrors';
import type { PlanService } from './plans';
import type { EarnedReward, ReferralService, RefundedReward } from './referrals';
import { PLAN_CODE_PATTERN } from './plans';
import { AlreadyRefundedError, CloneNotApprovedError, CloneSuspendedError, InvalidPayloadError, NotAllowedError, PaymentNotFoundError, PlanNotFoundError } from './serviceErrors';
import { extendSubscription, shortenSubscription } from './subscriptionChanges';

/** Invoice payload: `r1:<cloneId>:<planCode>` (at most 33 bytes; Telegram allows 128). */
export function encodePayload(cloneId: string, planCode: string): string {
  return `r1:${cloneId}:${planCode}`;
}

export function decodePayload(payload: string): { cloneId: string; planCode: string } | undefined {
  const [tag, cloneId, planCode, ...rest] = payload.split(':');
  if (tag !== 'r1' || rest.length > 0 || !cloneId || !planCode) return undefined;
  if (!CLONE_ID_PATTERN.test(cloneId) || !PLAN_CODE_PATTERN.test(planCode)) return undefined;
  return { cloneId, planCode };
}

/** A short, stable reference of a charge id, small enough for callback data. */
export function paymentRef(chargeId: string): string {
  return createHash('sha256').update(chargeId).digest('hex').slice(0, 12);
}

export interface Invoice {
  title: string;
  description: string;
  payload: string;
  priceStars: number;
  plan: PlanDoc;
  /** The clone's bot, for the invoice text the bot writes in the payer's language. */
  botUsername: string;
}

/**
 * Why a pre-checkout is refused: an invoice not ours or malformed, a suspended clone, a clone
 * waiting for approval or rejected, a clone gone or another's, a plan withdrawn, a price changed.
 */
export type PreCheckoutRefusal = 'invalid' | 'suspended' | 'pendingApproval' | 'rejected' | 'notYours' | 'planGone' | 'priceChanged';

export interface PaidInput {
  userId: number;
  payload: string;
  currency: string;
  totalAmount: number;
  chargeId: string;
  providerChargeId: string;
}

export interface PaidResult {
  /** False for a duplicate delivery of a charge already applied. */
  applied: boolean;
  cloneId: string;
  botUsername: string;
  plan: PlanDoc;
  expiresAt: Date;
  /** The payer's referrer earned free days with this payment (their first paid plan). */
  referralReward?: EarnedReward;
}

/** A refund done: the payment as now recorded, and what it did to a referral reward it had earned. */
export interface RefundResult {
  payment: PaymentDoc;
  referral?: RefundedReward;
}

/** Refunds a Stars charge through Telegram (`refundStarPayment`); injected, so this stays framework-free. */
export type RefundStars = (userId: number, chargeId: string) => Promise<void>;

/**
 * Payments in Telegram Stars. Only `successful_payment` extends a subscription, once per
 * `telegram_payment_charge_id`: the Payment's `_id` is the charge id and the extension is
 * guarded by `appliedCharges`, so a duplicate delivery, or a retry after a crash between the
 * two writes, changes nothing twice. The pre-checkout and the successful payment read and
 * write by `_id` only (payment, clone, plan, subscription): their time does not grow with the
 * platform's users or clones.
 */
export class StarsPayments {
  /** Refunds of one payment (by its ref), one at a time: two admins may press Refund on the same payment at once. */
  private readonly refunds = new KeyedQueue<string>();

  constructor(
    private readonly deps: {
      models: PlatformModels;
      plans: PlanService;
      audit: AuditLog;
      onChange: () => void;
      isAdmin: (userId: number) => boolean;
      /** Credits the payer's referrer on a first paid plan; absent: no referrals. */
      referrals?: ReferralService;
      clock?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /**
   * The clone by a point read; deleted, someone else's, suspended, or waiting for approval or
   * rejected (it cannot run: the days would be paid for nothing) is refused in code.
   */
  private async payableClone(cloneId: string, userId: number): Promise<CloneDoc> {
    const clone = await this.deps.models.Clone.findById(cloneId).lean<CloneDoc>();
    if (!clone || clone.deletedAt || (clone.ownerId !== userId && !this.deps.isAdmin(userId))) throw new CloneNotFoundError(cloneId);
    if (clone.suspended) throw new CloneSuspendedError(cloneId);
    if (awaitsOrFailedApproval(clone)) throw new CloneNotApprovedError(cloneId, clone.approval);
    return clone;
  }

  /** The invoice for renewing `cloneId` with `planCode`, after checking owner and plan. */
  async invoiceFor(cloneId: string, actor: Actor, planCode: string): Promise<Invoice> {
    const clone = await this.payableClone(cloneId, actor.id);
    const plan = await this.deps.plans.get(planCode);
    if (!plan || !plan.active) throw new PlanNotFoundError(planCode);
    return {
      title: `@${clone.botUsername}: ${plan.name}`.slice(0, 32),
      description: `${plan.days} days of hosting for your clone @${clone.botUsername}.`.slice(0, 255),
      payload: encodePayload(clone._id, plan._id),
      priceStars: plan.priceStars,
      plan,
      botUsername: clone.botUsername,
    };
  }

  /**
   * The answer to a pre_checkout_query: undefined when it may go ahead, else why not (the bot
   * words it in the payer's language). Checks payload, currency, clone, payer and plan (price included).
   */
  async checkPreCheckout(input: { userId: number; payload: string; currency: string; totalAmount: number }): Promise<PreCheckoutRefusal | undefined> {
    const decoded = decodePayload(input.payload);
    if (!decoded || input.currency !== 'XTR') return 'invalid';
    try {
      await this.payableClone(decoded.cloneId, input.userId);
    } catch (error) {
      if (error instanceof CloneSuspendedError) return 'suspended';
      if (error instanceof CloneNotApprovedError) return error.approval === 'pending' ? 'pendingApproval' : 'rejected';
      return 'notYours';
    }
    const plan = await this.deps.plans.get(decoded.planCode);
    if (!plan || !plan.active) return 'planGone';
    if (plan.priceStars !== input.totalAmount) return 'priceChanged';
    return undefined;
  }

  /** Records and applies a successful payment; safe to call again with the same charge. */
  async applySuccessfulPayment(input: PaidInput): Promise<PaidResult> {
    const { models, audit } = this.deps;
    const decoded = decodePayload(input.payload);
    if (!decoded) throw new InvalidPayloadError();
    const plan = await this.deps.plans.get(decoded.planCode);
    if (!plan) throw new PlanNotFoundError(decoded.planCode);
    const clone = await models.Clone.findById(decoded.cloneId).lean<CloneDoc>();
    if (!clone) throw new CloneNotFoundError(decoded.cloneId);
    const now = this.now();
    try {
      await models.Payment.create({
        _id: input.chargeId,
        ref: paymentRef(input.chargeId),
        userId: input.userId,
        cloneId: clone._id,
        planCode: plan._id,
        days: plan.days,
        amount: input.totalAmount,
        currency: input.currency,
        providerChargeId: input.providerChargeId,
        status: 'paid',
      });
    } catch (error) {
      // A second delivery: the record exists; the guarded extension below decides.
      if ((error as { code?: number }).code !== 11000) throw error;
    }
    const result = await extendSubscription(models, { cloneId: clone._id, ownerId: clone.ownerId, days: plan.days, now, chargeId: input.chargeId, planCode: plan._id });
    if (result.applied) {
      await models.Payment.updateOne({ _id: input.chargeId }, { $set: { appliedAt: now } });
      // Tell the owner when an expired clone is back.
      if (clone.status !== 'running') await models.Clone.updateOne({ _id: clone._id }, { $set: { notifyOwnerOnLive: true } });
      await audit.record({ id: input.userId, isAdmin: false }, 'payment.apply', 'payment', input.chargeId, {
        cloneId: clone._id,
        planCode: plan._id,
        amount: input.totalAmount,
        days: plan.days,
        to: result.expiresAt,
      });
      this.deps.onChange();
    }
    // Also on a duplicate delivery: a crash after the extension and before the credit is
    // finished by the next delivery; a referral credited once is never credited again.
    const referralReward = await this.deps.referrals?.creditFirstPayment(clone.ownerId, input.chargeId);
    return { applied: result.applied, cloneId: clone._id, botUsername: clone.botUsername, plan, expiresAt: result.expiresAt, referralReward };
  }

  async list(page: number, size = 8): Promise<{ payments: PaymentDoc[]; total: number }> {
    const [payments, total] = await Promise.all([
      this.deps.models.Payment.find({}).sort({ createdAt: -1, _id: 1 }).skip(page * size).limit(size).lean<PaymentDoc[]>(),
      this.deps.models.Payment.countDocuments({}),
    ]);
    return { payments, total };
  }

  async byRef(ref: string): Promise<PaymentDoc> {
    const payment = /^[0-9a-f]{12}$/.test(ref) ? await this.deps.models.Payment.findOne({ ref }).lean<PaymentDoc>() : null;
    if (!payment) throw new PaymentNotFoundError(ref);
    return payment;
  }

  /** Stars received (and not refunded) since `since`. */
  async starsSince(since: Date): Promise<number> {
    const paid = await this.deps.models.Payment.find({ createdAt: { $gte: since }, status: 'paid' }, { amount: 1 }).lean();
    return paid.reduce((sum, p) => sum + (p.amount ?? 0), 0);
  }

  /**
   * Refunds a payment (admin): Telegram first, then the record is marked refunded (one refund of a
   * payment at a time, read and written by `_id`, so a double press refunds once) and the paid days are taken off the
   * subscription; if that puts the expiry in the past, the clone stops. A referral reward that
   * this payment earned is withdrawn, or reported when already spent (ReferralService.withdrawForRefund).
   */
  async refund(ref: string, admin: Actor, refundStars: RefundStars): Promise<RefundResult> {
    if (!admin.isAdmin) throw new NotAllowedError('payment.refund');
    // A ref names one payment: queued by it, the payment is read once, inside, after any refund queued before.
    return this.refunds.run(ref, () => this.refundOnce(ref, admin, refundStars));
  }

  private async refundOnce(ref: string, admin: Actor, refundStars: RefundStars): Promise<RefundResult> {
    const payment = await this.byRef(ref);
    if (payment.status === 'refunded') {
      // Finishes a withdrawal that a crash after the refund left undone (idempotent per charge).
      await this.withdrawReferral(payment, admin);
      throw new AlreadyRefundedError(ref);
    }
    try {
      await refundStars(payment.userId, payment._id);
    } catch (error) {
      const description = String((error as { description?: string; message?: string }).description ?? (error as Error).message ?? '');
      if (!/CHARGE_ALREADY_REFUNDED/.test(description)) throw error;
    }
    const now = this.now();
    // By _id alone: a filter on status too would make FerretDB read the whole collection. The queue
    // above makes this the only refund of the payment running, and it was read as paid.
    await this.deps.models.Payment.updateOne({ _id: payment._id }, { $set: { status: 'refunded', refundedAt: now, refundedBy: admin.id } });
    const marked: PaymentDoc = { ...payment, status: 'refunded', refundedAt: now, refundedBy: admin.id };
    const shortened = payment.appliedAt ? await shortenSubscription(this.deps.models, payment.cloneId, payment.days) : undefined;
    await this.deps.audit.record(admin, 'payment.refund', 'payment', payment._id, {
      userId: payment.userId,
      cloneId: payment.cloneId,
      amount: payment.amount,
      daysRemoved: shortened ? payment.days : 0,
      to: shortened?.expiresAt ?? null,
    });
    const referral = await this.withdrawReferral(payment, admin);
    this.deps.onChange();
    return { payment: marked, referral };
  }

  /**
   * The referral reward `payment` credited, ended by its refund. The referral is keyed by the
   * clone's owner (the one credited on payment, see applySuccessfulPayment), read by `_id`.
   */
  private async withdrawReferral(payment: PaymentDoc, admin: Actor): Promise<RefundedReward | undefined> {
    const referrals = this.deps.referrals;
    if (!referrals) return undefined;
    const clone = await this.deps.models.Clone.findById(payment.cloneId, { ownerId: 1 }).lean<Pick<CloneDoc, 'ownerId'>>();
    return referrals.withdrawForRefund(clone?.ownerId ?? payment.userId, payment._id, admin);
  }
}

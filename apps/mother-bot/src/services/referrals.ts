import { CLONE_ID_PATTERN, awaitsOrFailedApproval, userKey, type CloneDoc, type PlatformModels, type ReferralDoc } from '@motherbot/core';
import type { Actor } from './actor';
import type { AuditLog } from './auditLog';
import type { PlatformSettings } from './platformSettings';
import { withKeyLock } from './keyedLock';
import { CloneNotFoundError } from './onboardingErrors';
import { CloneNotApprovedError, ReferralRewardNotFoundError } from './serviceErrors';
import { extendSubscription, type ExtensionResult } from './subscriptionChanges';

/** The `/start` payload of a referral link: `ref-<code>`, the code being the referrer's id in base 36. */
export const REFERRAL_PREFIX = 'ref-';

export function referralCode(userId: number): string {
  return userId.toString(36);
}

/** The referrer's id from a code, or undefined for anything that is not one. */
export function referrerOfCode(code: string): number | undefined {
  if (!/^[0-9a-z]{1,12}$/.test(code)) return undefined;
  const id = parseInt(code, 36);
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

/** Why a referral link did not count (shown to the person who opened it). */
export type RecordOutcome = 'recorded' | 'off' | 'invalid' | 'self' | 'already_referred' | 'existing_owner';

/** A reward just earned: the referrer is told and picks a clone. */
export interface EarnedReward {
  referrerId: number;
  referredId: number;
  days: number;
}

/** What a refund of the crediting payment did to its referral reward. */
export interface RefundedReward {
  referrerId: number;
  days: number;
  /** 'withdrawn': the unused reward is gone; 'spent': it was used on `cloneId` before, and those days stay. */
  outcome: 'withdrawn' | 'spent';
  cloneId: string | null;
}

/**
 * Referrals between owners. A link counts once per referred user (the first one wins), never
 * for oneself, and only for someone who has no clone yet. The referred owner's first paid plan
 * credits the referrer once, keyed on that payment's charge id, so a redelivered payment (or
 * any later one) credits nothing. The referrer then spends the reward on one of their clones.
 * Every read and write is by `_id` (the referred user's key, or the referrer's), under a
 * per-referral lock inside the mother, the only process that writes these.
 */
export class ReferralService {
  constructor(
    private readonly deps: {
      models: PlatformModels;
      audit: AuditLog;
      /** Free days per reward (0: referrals are off), as the admin or the environment set it. */
      settings: Pick<PlatformSettings, 'read' | 'cached'>;
      onChange: () => void;
      clock?: () => Date;
    },
  ) {}

  /**
   * Free days per reward now (0: referrals are off), for screens (`/start`, `/referral`): at most
   * a few seconds old. Recording and crediting read the value afresh.
   */
  async currentRewardDays(): Promise<number> {
    return (await this.deps.settings.cached()).referralRewardDays;
  }

  private async rewardDaysNow(): Promise<number> {
    return (await this.deps.settings.read()).referralRewardDays;
  }

  private now(): Date {
    return this.deps.clock?.() ?? new Date();
  }

  /**
   * One change of a referrer's document. FerretDB applies `$inc`/`$addToSet`/`$pull` as
   * read-then-replace, and two referred owners may change one referrer at once: the per-referrer
   * lock (always taken inside a referral's lock, never the other way) keeps each change whole.
   */
  private updateReferrer(referrerId: number, update: Record<string, unknown>): Promise<unknown> {
    const key = userKey(referrerId);
    return withKeyLock(`referrer:${key}`, () => this.deps.models.Referrer.updateOne({ _id: key }, update, { upsert: true }).exec());
  }

  /** Records that `code`'s owner referred `referredId`, if it may count. */
  async record(referredId: number, code: string): Promise<RecordOutcome> {
    if ((await this.rewardDaysNow()) <= 0) return 'off';
    const referrerId = referrerOfCode(code);
    if (referrerId === undefined) return 'invalid';
    if (referrerId === referredId) return 'self';
    const { models } = this.deps;
    const key = userKey(referredId);
    return withKeyLock(`ref:${key}`, async () => {
      if (await models.Referral.findById(key, { _id: 1 }).lean()) return 'already_referred';
      const owned = await models.OwnerClones.findById(key, { cloneIds: 1 }).lean();
      if (owned && owned.cloneIds.length > 0) return 'existing_owner';
      // The referrer must be someone the mother knows (pressed /start once), else the code is made up.
      if (!(await models.User.findById(userKey(referrerId), { _id: 1 }).lean())) return 'invalid';
      try {
        await models.Referral.create({ _id: key, referrerId, createdAt: this.now() });
      } catch (error) {
        if ((error as { code?: number }).code === 11000) return 'already_referred';
        throw error;
      }
      await this.updateReferrer(referrerId, { $inc: { referred: 1 }, $set: { updatedAt: this.now() } });
      return 'recorded';
    });
  }

  /**
   * Called for every successful payment of `payerId`: credits their referrer when this is the
   * first paid plan. Idempotent: a referral credited once (by this charge or an earlier one)
   * is never credited again. Returns the reward earned now, if any.
   */
  async creditFirstPayment(payerId: number, chargeId: string): Promise<EarnedReward | undefined> {
    const days = await this.rewardDaysNow();
    if (days <= 0) return undefined;
    const { models } = this.deps;
    const key = userKey(payerId);
    return withKeyLock(`ref:${key}`, async () => {
      const referral = await models.Referral.findById(key).lean<ReferralDoc>();
      if (!referral || referral.creditedAt) return undefined;
      const now = this.now();
      // The referrer's list first: a crash between the two writes leaves a listed, uncredited
      // referral, which the list's readers skip and the next delivery of the payment credits.
      await this.updateReferrer(referral.referrerId, { $addToSet: { pending: key }, $set: { updatedAt: now } });
      await models.Referral.updateOne({ _id: key }, { $set: { chargeId, rewardDays: days, creditedAt: now } });
      await this.deps.audit.record({ id: payerId, isAdmin: false }, 'referral.credit', 'user', String(referral.referrerId), { referred: payerId, days, chargeId });
      return { referrerId: referral.referrerId, referredId: payerId, days };
    });
  }

  /** The referrer's figures and unused rewards, by point reads. */
  async summary(referrerId: number): Promise<{ referred: number; rewards: ReferralDoc[] }> {
    const { models } = this.deps;
    const doc = await models.Referrer.findById(userKey(referrerId)).lean();
    const listed = await Promise.all((doc?.pending ?? []).map((k) => models.Referral.findById(k).lean<ReferralDoc>()));
    const rewards = listed.filter((r): r is ReferralDoc => Boolean(r && r.referrerId === referrerId && r.creditedAt && !r.appliedAt && !r.refundedAt));
    return { referred: doc?.referred ?? 0, rewards };
  }

  /**
   * Spends the reward of `referredId`'s referral on `cloneId`: only its referrer may, only on
   * a live clone of theirs that is not waiting for approval nor rejected (it could never use the
   * days), only once, and not after the crediting payment was refunded. The choice is written
   * before the days are added, and the extension is guarded by `referral:<key>` in the
   * subscription's applied charges, so a retry after a crash finishes the same extension and
   * never adds the days twice.
   */
  async apply(referrerId: number, referredId: number, cloneId: string): Promise<{ days: number; botUsername: string; extension: ExtensionResult }> {
    const { models } = this.deps;
    if (!CLONE_ID_PATTERN.test(cloneId)) throw new CloneNotFoundError(cloneId);
    const key = userKey(referredId);
    return withKeyLock(`ref:${key}`, async () => {
      const referral = await models.Referral.findById(key).lean<ReferralDoc>();
      if (!referral || referral.referrerId !== referrerId || !referral.creditedAt || !referral.rewardDays) throw new ReferralRewardNotFoundError();
      if (referral.appliedAt && referral.appliedCloneId !== cloneId) throw new ReferralRewardNotFoundError();
      if (referral.refundedAt && !referral.appliedAt) throw new ReferralRewardNotFoundError();
      const clone = await models.Clone.findById(cloneId).lean<CloneDoc>();
      if (!clone || clone.deletedAt || clone.ownerId !== referrerId) throw new CloneNotFoundError(cloneId);
      if (!referral.appliedAt && awaitsOrFailedApproval(clone)) throw new CloneNotApprovedError(cloneId, clone.approval);
      const now = this.now();
      const first = !referral.appliedAt;
      if (first) await models.Referral.updateOne({ _id: key }, { $set: { appliedCloneId: cloneId, appliedAt: now } });
      const extension = await extendSubscription(models, { cloneId, ownerId: clone.ownerId, days: referral.rewardDays, now, onceKey: `referral:${key}` });
      await this.updateReferrer(referrerId, { $pull: { pending: key } });
      if (!first && !extension.applied) throw new ReferralRewardNotFoundError();
      await this.deps.audit.record({ id: referrerId, isAdmin: false }, 'referral.apply', 'clone', cloneId, { referred: referredId, days: referral.rewardDays, to: extension.expiresAt });
      this.deps.onChange();
      return { days: referral.rewardDays, botUsername: clone.botUsername, extension };
    });
  }

  /**
   * An admin refunded `chargeId`, a payment of `payerId`'s: if that payment credited their
   * referrer, the referral ends here, once (a second call for the same charge returns what the
   * first did and changes nothing). An unused reward is withdrawn; a reward already spent on a
   * clone is kept (days are never taken off a clone for this) and recorded in the audit log, and
   * the result tells the admin. Point operations by `_id`, under the referral's lock, like
   * `apply`, so a reward cannot be spent and withdrawn at once.
   */
  async withdrawForRefund(payerId: number, chargeId: string, admin: Actor): Promise<RefundedReward | undefined> {
    const { models } = this.deps;
    const key = userKey(payerId);
    return withKeyLock(`ref:${key}`, async () => {
      const referral = await models.Referral.findById(key).lean<ReferralDoc>();
      if (!referral || !referral.creditedAt || referral.chargeId !== chargeId) return undefined;
      const days = referral.rewardDays ?? 0;
      if (referral.refundedAt && referral.refundOutcome) {
        return { referrerId: referral.referrerId, days, outcome: referral.refundOutcome, cloneId: referral.appliedCloneId };
      }
      const outcome = referral.appliedAt ? 'spent' : 'withdrawn';
      // The referral first: `summary` and `apply` read it, so the reward is gone from here on;
      // the referrer's list may still name it (it may over-list) until the pull below.
      await models.Referral.updateOne({ _id: key }, { $set: { refundedAt: this.now(), refundOutcome: outcome } });
      if (outcome === 'withdrawn') await this.updateReferrer(referral.referrerId, { $pull: { pending: key } });
      const details = { referred: payerId, days, chargeId, cloneId: referral.appliedCloneId };
      await this.deps.audit.record(admin, outcome === 'withdrawn' ? 'referral.withdraw' : 'referral.refundSpent', 'user', String(referral.referrerId), details);
      return { referrerId: referral.referrerId, days, outcome, cloneId: referral.appliedCloneId };
    });
  }
}

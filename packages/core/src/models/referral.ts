import { Schema, type Connection, type Model } from 'mongoose';

/**
 * One referral: who brought this owner to the platform. Keyed by the referred user's
 * `userKey`, so recording it ("first link wins"), crediting it on the referred owner's first
 * paid plan and using its reward are point operations by `_id` (the one filter FerretDB 1.24
 * answers without reading the whole collection).
 *
 * Life: recorded (`creditedAt` null) → credited once, by the charge id of the first payment
 * (`chargeId`, `rewardDays`) → used on one of the referrer's clones (`appliedCloneId`, `appliedAt`).
 * A refund of the crediting payment ends it (`refundedAt`): an unused reward is withdrawn, a used
 * one is kept and only recorded (`refundOutcome`). A refunded referral is never credited again.
 */
export interface ReferralDoc {
  _id: string;
  referrerId: number;
  createdAt: Date;
  chargeId: string | null;
  rewardDays: number | null;
  creditedAt: Date | null;
  appliedCloneId: string | null;
  appliedAt: Date | null;
  refundedAt: Date | null;
  refundOutcome: 'withdrawn' | 'spent' | null;
}

export const referralSchema = new Schema<ReferralDoc>(
  {
    _id: { type: String, required: true },
    referrerId: { type: Number, required: true },
    createdAt: { type: Date, default: () => new Date() },
    chargeId: { type: String, default: null },
    rewardDays: { type: Number, default: null },
    creditedAt: { type: Date, default: null },
    appliedCloneId: { type: String, default: null },
    appliedAt: { type: Date, default: null },
    refundedAt: { type: Date, default: null },
    refundOutcome: { type: String, enum: ['withdrawn', 'spent', null], default: null },
  },
  { versionKey: false },
);

/**
 * A referrer's side, keyed by the referrer's `userKey`: how many owners they brought and the
 * referrals whose reward waits to be used (the referred users' keys), so `/referral` is one
 * point read. The referral document decides whether a reward is still unused; this list only
 * says where to look (it may over-list, never under-list).
 */
export interface ReferrerDoc {
  _id: string;
  referred: number;
  pending: string[];
  updatedAt: Date;
}

export const referrerSchema = new Schema<ReferrerDoc>(
  {
    _id: { type: String, required: true },
    referred: { type: Number, default: 0 },
    pending: { type: [String], default: [] },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type ReferralModel = Model<ReferralDoc>;
export type ReferrerModel = Model<ReferrerDoc>;
export const referralModel = (db: Connection): ReferralModel =>
  (db.models.Referral as ReferralModel | undefined) ?? db.model<ReferralDoc>('Referral', referralSchema, 'referrals');
export const referrerModel = (db: Connection): ReferrerModel =>
  (db.models.Referrer as ReferrerModel | undefined) ?? db.model<ReferrerDoc>('Referrer', referrerSchema, 'referrers');

import { Schema, type Connection, type Model } from 'mongoose';

export interface PremiumUserDoc {
  /** Telegram id of the user, as a decimal string (a point read on FerretDB). */
  _id: string;
  /** Premium until this moment; a past date means premium ended. */
  until: Date;
  /** Who gave the last extension: bought in Stars, or granted by the owner or a clone admin. */
  source: 'stars' | 'owner';
  updatedAt: Date;
}

/**
 * A premium user of one clone: they skip link verification and quotas until `until`. Read by
 * `_id` on the delivery path; written by a Stars payment or the owner's grant, extend, revoke.
 */
export const premiumUserSchema = new Schema<PremiumUserDoc>(
  {
    _id: { type: String, required: true },
    until: { type: Date, required: true },
    source: { type: String, enum: ['stars', 'owner'], required: true },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type PremiumUserModel = Model<PremiumUserDoc>;
export const premiumUserModel = (db: Connection): PremiumUserModel =>
  (db.models.PremiumUser as PremiumUserModel | undefined) ?? db.model<PremiumUserDoc>('PremiumUser', premiumUserSchema, 'premium_users');

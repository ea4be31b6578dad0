import { Schema, type Connection, type Model } from 'mongoose';

/** The one platform settings document's `_id`: every read is a point read (FerretDB pushes down only `_id`). */
export const PLATFORM_SETTINGS_ID = 'platform';

/**
 * Platform options an admin sets from Telegram (`/admin` → Platform). One document, `_id:
 * 'platform'`. Every field is optional: a field that is absent means "the environment's value"
 * (REFERRAL_REWARD_DAYS, CLONE_APPROVAL_REQUIRED), so a fresh installation and "back to the
 * environment default" are the same state, and an operator's `.env` stays the default.
 */
export interface PlatformSettingsDoc {
  _id: string;
  /** Free days per referral reward (0: referrals off). */
  referralRewardDays?: number;
  /** New clones wait for an admin's approval before they start. */
  cloneApprovalRequired?: boolean;
  updatedAt?: Date;
  /** The admin who made the last change. */
  updatedBy?: number;
}

export const platformSettingsSchema = new Schema<PlatformSettingsDoc>(
  {
    _id: { type: String, required: true },
    referralRewardDays: { type: Number, min: 0, max: 365 },
    cloneApprovalRequired: { type: Boolean },
    updatedAt: { type: Date },
    updatedBy: { type: Number },
  },
  { versionKey: false },
);

export type PlatformSettingsModel = Model<PlatformSettingsDoc>;
export const platformSettingsModel = (db: Connection): PlatformSettingsModel =>
  (db.models.PlatformSettings as PlatformSettingsModel | undefined) ??
  db.model<PlatformSettingsDoc>('PlatformSettings', platformSettingsSchema, 'platform_settings');

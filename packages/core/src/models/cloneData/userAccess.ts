import { Schema, type Connection, type Model } from 'mongoose';

/** A verify button a user was given and has not used yet: the token's nonce and the link they asked for. */
export interface PendingVerification {
  /** base64url nonce carried in the token; a token whose nonce is not this one is used or replaced. */
  nonce: string;
  expiresAt: Date;
  /** The share link the user opened: delivered when they come back verified. */
  code: string;
  /** The shortened verify link, given again while the token is valid (one shortener call per token). */
  shortUrl: string;
}

/**
 * What gates one user's file links in one clone: link verification and the daily quota. One
 * document per user, `_id` the user's id as a string, so the delivery path reads and writes it
 * by point operations; the quota is a day stamp and a count, overwritten the next day (no
 * document per day to pile up).
 */
export interface UserAccessDoc {
  _id: string;
  verifiedUntil: Date | null;
  pending: PendingVerification | null;
  /** UTC day (YYYY-MM-DD) that `quotaCount` counts. */
  quotaDay: string | null;
  quotaCount: number;
  updatedAt: Date;
}

export const userAccessSchema = new Schema<UserAccessDoc>(
  {
    _id: { type: String, required: true },
    verifiedUntil: { type: Date, default: null },
    pending: { type: Schema.Types.Mixed, default: null },
    quotaDay: { type: String, default: null },
    quotaCount: { type: Number, default: 0 },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false, minimize: false },
);

export type UserAccessModel = Model<UserAccessDoc>;
export const userAccessModel = (db: Connection): UserAccessModel =>
  (db.models.UserAccess as UserAccessModel | undefined) ?? db.model<UserAccessDoc>('UserAccess', userAccessSchema, 'user_access');

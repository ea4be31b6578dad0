import { Schema, type Connection, type Model } from 'mongoose';

export interface CloneUserDoc {
  /**
   * The Telegram user id as a decimal string. A string, not a number: FerretDB 1.x serves only
   * an exact string (or ObjectId) `_id` from its index, so a numeric key would scan the whole
   * collection on every update (docs/database.md).
   */
  _id: string;
  firstName: string;
  username: string | null;
  languageCode: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Set when the user blocked the bot (a 403, or my_chat_member "kicked"); cleared when they come back. */
  blockedAt: Date | null;
  /** Links this user opened, kept by `$inc` so /privacy never counts the delivery log. */
  deliveries: number;
}

/** The `_id` of a user's document. */
export const cloneUserKey = (userId: number): string => String(userId);

/** Someone who used the clone: the audience of its broadcasts and the "users" of its stats. */
export const cloneUserSchema = new Schema<CloneUserDoc>(
  {
    _id: { type: String, required: true },
    firstName: { type: String, default: '' },
    username: { type: String, default: null },
    languageCode: { type: String, default: null },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    blockedAt: { type: Date, default: null },
    deliveries: { type: Number, default: 0 },
  },
  { versionKey: false },
);

export type CloneUserModel = Model<CloneUserDoc>;
export const cloneUserModel = (db: Connection): CloneUserModel =>
  (db.models.CloneUser as CloneUserModel | undefined) ?? db.model<CloneUserDoc>('CloneUser', cloneUserSchema, 'users');

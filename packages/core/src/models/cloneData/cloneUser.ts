import { Schema, type Connection, type Model } from 'mongoose';

export interface CloneUserDoc {
  /** Telegram user id. */
  _id: number;
  firstName: string;
  username: string | null;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Set when a send got 403 (the user blocked the bot); cleared when they write again. */
  blockedAt: Date | null;
}

/** Someone who used the clone: the audience of its broadcasts and the "users" of its stats. */
export const cloneUserSchema = new Schema<CloneUserDoc>(
  {
    _id: { type: Number, required: true },
    firstName: { type: String, default: '' },
    username: { type: String, default: null },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    blockedAt: { type: Date, default: null },
  },
  { versionKey: false },
);
cloneUserSchema.index({ firstSeenAt: 1 });
cloneUserSchema.index({ blockedAt: 1 });

export type CloneUserModel = Model<CloneUserDoc>;
export const cloneUserModel = (db: Connection): CloneUserModel =>
  (db.models.CloneUser as CloneUserModel | undefined) ?? db.model<CloneUserDoc>('CloneUser', cloneUserSchema, 'users');

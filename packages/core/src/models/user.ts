import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/**
 * The key of a Telegram user in the platform database: the id as a decimal string. FerretDB
 * 1.24 serves a filter from SQLite only when it is exactly `{_id: <string or ObjectId>}`; with a
 * numeric `_id` every lookup of a user read the whole collection, so an update of the mother
 * got slower with every user the platform won. Mongoose casts a number given for `_id` in a
 * query to this string, so `findById(userId)` with a numeric id still finds the user.
 */
export const userKey = (userId: number): string => String(userId);

/** A Telegram user known to the mother bot (owners, admins, anyone who pressed /start). */
export const userSchema = new Schema(
  {
    _id: { type: String, required: true }, // Telegram user id, as userKey() writes it
    firstName: { type: String, default: '' },
    username: { type: String, default: null },
    languageCode: { type: String, default: null },
    banned: { type: Boolean, default: false },
    bannedAt: { type: Date, default: null },
    bannedBy: { type: Number, default: null },
    lastSeenAt: { type: Date, default: () => new Date() },
  },
  { timestamps: true, versionKey: false },
);
userSchema.index({ username: 1 });
userSchema.index({ banned: 1 });

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: string };
export type UserModel = Model<UserDoc>;
export const userModel = (db: Connection): UserModel =>
  (db.models.User as UserModel | undefined) ?? db.model<UserDoc>('User', userSchema, 'users');

import { Schema, type Connection, type InferSchemaType, type Model } from 'mongoose';

/** A Telegram user known to the mother bot (owners, admins, anyone who pressed /start). */
export const userSchema = new Schema(
  {
    _id: { type: Number, required: true }, // Telegram user id
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

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: number };
export type UserModel = Model<UserDoc>;
export const userModel = (db: Connection): UserModel =>
  (db.models.User as UserModel | undefined) ?? db.model<UserDoc>('User', userSchema, 'users');

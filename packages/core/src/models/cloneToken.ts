import { Schema, type Connection, type Model } from 'mongoose';
import type { SealedToken } from '../crypto/tokenCrypto';

export interface CloneTokenDoc {
  _id: string; // clone id
  sealed: SealedToken;
  updatedAt: Date;
}

/**
 * A clone's bot token, sealed with the key derived for that clone. Kept apart from the clone
 * document so that listing, logging or returning a clone can never carry its token, and a
 * worker reads exactly one document: its own.
 */
export const cloneTokenSchema = new Schema<CloneTokenDoc>(
  {
    _id: { type: String, required: true },
    sealed: { type: Schema.Types.Mixed, required: true },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type CloneTokenModel = Model<CloneTokenDoc>;
export const cloneTokenModel = (db: Connection): CloneTokenModel =>
  (db.models.CloneToken as CloneTokenModel | undefined) ?? db.model<CloneTokenDoc>('CloneToken', cloneTokenSchema, 'clone_tokens');

import { Schema, type Connection, type Model } from 'mongoose';

/** What the bot waits for from an owner or clone admin after a settings button or /batch. */
export type OwnerAwaiting = 'welcome' | 'channel' | 'admin' | 'autodelete' | 'storage' | 'premiumOffer' | 'shortenerUrl' | 'shortenerKey' | 'verifyTutorial' | 'quota' | 'captionTemplate' | 'fileButtonUrl' | 'indexChannel' | 'welcomeEn' | 'welcomeEs' | 'welcomeHi' | 'forceSubText' | 'verifyText' | 'welcomePhoto' | 'requestChannel';

export interface OwnerSessionDoc {
  /** Telegram id of the owner or clone admin, as a decimal string (a point read on FerretDB). */
  _id: string;
  awaiting: OwnerAwaiting | null;
  /** File codes of an open `/batch`, in order; null when no batch is open. */
  batch: string[] | null;
  updatedAt: Date;
}

/**
 * The small conversational state of an owner (an open batch, a settings value being typed),
 * in the database so a worker restart does not lose a half-built batch.
 */
export const ownerSessionSchema = new Schema<OwnerSessionDoc>(
  {
    _id: { type: String, required: true },
    awaiting: { type: String, default: null },
    batch: { type: [String], default: null },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type OwnerSessionModel = Model<OwnerSessionDoc>;
export const ownerSessionModel = (db: Connection): OwnerSessionModel =>
  (db.models.OwnerSession as OwnerSessionModel | undefined) ?? db.model<OwnerSessionDoc>('OwnerSession', ownerSessionSchema, 'owner_sessions');

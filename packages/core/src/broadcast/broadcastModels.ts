import { Schema, type Connection, type Model } from 'mongoose';
import type { BroadcastCounters, BroadcastMessage, BroadcastStatus, RecipientStatus } from './types';

export interface BroadcastDoc {
  _id: string;
  status: BroadcastStatus;
  message: BroadcastMessage;
  /** Telegram id of the admin or owner who created it. */
  createdBy: number;
  counters: BroadcastCounters;
  /** Why it is paused, or why it stopped itself. */
  reason: string | null;
  /** The engine instance running it and until when its claim holds (see broadcastEngine). */
  runner: { id: string; until: number } | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** One broadcast: its message, its state and counters (a snapshot; recipients are the truth). */
export const broadcastSchema = new Schema<BroadcastDoc>(
  {
    _id: { type: String, required: true },
    status: { type: String, required: true, default: 'draft' },
    message: { type: Schema.Types.Mixed, required: true },
    createdBy: { type: Number, required: true },
    counters: {
      type: new Schema<BroadcastCounters>(
        { total: Number, sent: Number, blocked: Number, failed: Number, unknown: Number },
        { _id: false },
      ),
      default: () => ({ total: 0, sent: 0, blocked: 0, failed: 0, unknown: 0 }),
    },
    reason: { type: String, default: null },
    runner: { type: Schema.Types.Mixed, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
broadcastSchema.index({ status: 1 });
broadcastSchema.index({ createdAt: -1 });

export interface BroadcastRecipientDoc {
  /** `<broadcastId>:<chatId>`: unique by construction, and the one filter FerretDB looks up directly. */
  _id: string;
  broadcastId: string;
  chatId: number;
  status: RecipientStatus;
  /** The window of recipients this one was claimed in; results are written only by that claim. */
  claim: string | null;
  reason: string | null;
  doneAt: Date | null;
}

/** One recipient of one broadcast. Its status moves pending → sending → sent/blocked/failed. */
export const broadcastRecipientSchema = new Schema<BroadcastRecipientDoc>(
  {
    _id: { type: String, required: true },
    broadcastId: { type: String, required: true },
    chatId: { type: Number, required: true },
    status: { type: String, required: true, default: 'pending' },
    claim: { type: String, default: null },
    reason: { type: String, default: null },
    doneAt: { type: Date, default: null },
  },
  { versionKey: false },
);
broadcastRecipientSchema.index({ broadcastId: 1, chatId: 1 }, { unique: true });
broadcastRecipientSchema.index({ broadcastId: 1, status: 1 });

export type BroadcastModel = Model<BroadcastDoc>;
export type BroadcastRecipientModel = Model<BroadcastRecipientDoc>;

/** The broadcast models bound to a bot's own connection (the mother's, or a clone's database). */
export function broadcastModels(db: Connection): { Broadcast: BroadcastModel; Recipient: BroadcastRecipientModel } {
  return {
    Broadcast: (db.models.Broadcast as BroadcastModel | undefined) ?? db.model<BroadcastDoc>('Broadcast', broadcastSchema, 'broadcasts'),
    Recipient:
      (db.models.BroadcastRecipient as BroadcastRecipientModel | undefined) ??
      db.model<BroadcastRecipientDoc>('BroadcastRecipient', broadcastRecipientSchema, 'broadcast_recipients'),
  };
}

/** The recipient document id of a chat in a broadcast. */
export const recipientId = (broadcastId: string, chatId: number): string => `${broadcastId}:${chatId}`;

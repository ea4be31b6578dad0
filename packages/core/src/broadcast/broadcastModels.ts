import { Schema, type Connection, type Model } from 'mongoose';
import type { BroadcastCounters, BroadcastMessage, BroadcastStatus, RecipientStatus } from './types';

/**
 * Where a broadcast stands, by recipient position (the order recipients were added in).
 * Written before each window of sends as one point update, so after a crash the next runner
 * knows exactly which recipients may have been sent to.
 */
export interface BroadcastCursor {
  /** Every position from here on has never been tried. */
  next: number;
  /** Positions below `next` that were definitely not delivered (429, pause, 401…): sent again. */
  retry: number[];
  /** Positions claimed by the window being sent: after a crash these become `unknown`. */
  inFlight: number[];
}

export interface BroadcastDoc {
  _id: string;
  status: BroadcastStatus;
  message: BroadcastMessage;
  /** Telegram id of the admin or owner who created it. */
  createdBy: number;
  counters: BroadcastCounters;
  /** Recipients per chunk document (`broadcast_chunks`), in order; positions run across them. */
  chunkLengths: number[] | null;
  cursor: BroadcastCursor;
  /** Why it is paused, or why it stopped itself. */
  reason: string | null;
  /** The engine instance running it and until when its claim holds (see broadcastEngine). */
  runner: { id: string; until: number } | null;
  startedAt: Date | null;
  finishedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export const emptyCursor = (): BroadcastCursor => ({ next: 0, retry: [], inFlight: [] });

/** One broadcast: its message, its recipients' layout, its cursor and counters. */
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
    chunkLengths: { type: [Number], default: () => [] },
    cursor: { type: Schema.Types.Mixed, default: emptyCursor },
    reason: { type: String, default: null },
    runner: { type: Schema.Types.Mixed, default: null },
    startedAt: { type: Date, default: null },
    finishedAt: { type: Date, default: null },
  },
  { timestamps: true, versionKey: false, minimize: false },
);
broadcastSchema.index({ status: 1 });
broadcastSchema.index({ createdAt: -1 });

/** Up to {@link CHUNK_SIZE} recipients of one broadcast, in order: read with one point lookup. */
export interface BroadcastChunkDoc {
  /** `<broadcastId>:<chunk number>` */
  _id: string;
  broadcastId: string;
  chatIds: number[];
}

/** Recipients per chunk: 100,000 recipients are 100 documents, each read once per run. */
export const CHUNK_SIZE = 1000;

export const broadcastChunkSchema = new Schema<BroadcastChunkDoc>(
  {
    _id: { type: String, required: true },
    broadcastId: { type: String, required: true },
    chatIds: { type: [Number], required: true },
  },
  { versionKey: false },
);

export const chunkId = (broadcastId: string, n: number): string => `${broadcastId}:${n}`;

/** A recipient that did not simply get the message: blocked, failed (with the reason) or unknown. */
export interface BroadcastOutcomeDoc {
  /** `<broadcastId>:<chatId>` */
  _id: string;
  broadcastId: string;
  chatId: number;
  status: Exclude<RecipientStatus, 'pending' | 'sending' | 'sent'>;
  reason: string | null;
  at: Date;
}

export const broadcastOutcomeSchema = new Schema<BroadcastOutcomeDoc>(
  {
    _id: { type: String, required: true },
    broadcastId: { type: String, required: true },
    chatId: { type: Number, required: true },
    status: { type: String, required: true },
    reason: { type: String, default: null },
    at: { type: Date, required: true },
  },
  { versionKey: false },
);
broadcastOutcomeSchema.index({ broadcastId: 1 });

export const outcomeId = (broadcastId: string, chatId: number): string => `${broadcastId}:${chatId}`;

/**
 * The storage of the first engine: one document per recipient, moved through statuses by
 * filtered `updateMany`s (a full collection scan each on FerretDB). Read only to carry a
 * broadcast that was unfinished at the upgrade over to chunks (legacyRecipients.ts).
 */
export interface LegacyRecipientDoc {
  _id: string;
  broadcastId: string;
  chatId: number;
  status: RecipientStatus;
  reason: string | null;
}

export type BroadcastModel = Model<BroadcastDoc>;
export type BroadcastChunkModel = Model<BroadcastChunkDoc>;
export type BroadcastOutcomeModel = Model<BroadcastOutcomeDoc>;

export interface BroadcastModels {
  Broadcast: BroadcastModel;
  Chunk: BroadcastChunkModel;
  Outcome: BroadcastOutcomeModel;
}

function modelOf<T>(db: Connection, name: string, schema: Schema<T>, collection: string): Model<T> {
  return (db.models[name] as Model<T> | undefined) ?? db.model<T>(name, schema, collection);
}

/** The broadcast models bound to a bot's own connection (the mother's, or a clone's database). */
export function broadcastModels(db: Connection): BroadcastModels {
  return {
    Broadcast: modelOf(db, 'Broadcast', broadcastSchema, 'broadcasts'),
    Chunk: modelOf(db, 'BroadcastChunk', broadcastChunkSchema, 'broadcast_chunks'),
    Outcome: modelOf(db, 'BroadcastOutcome', broadcastOutcomeSchema, 'broadcast_outcomes'),
  };
}

import { Schema, type Connection, type Model } from 'mongoose';

/** What PM2 (through the clone manager) last saw of a clone's worker. */
export type CloneStatus = 'pending' | 'starting' | 'running' | 'stopped' | 'errored' | 'token_invalid' | 'crash_loop';

export interface CloneRuntime {
  pid: number | null;
  pmId: number | null;
  restarts: number;
  memoryBytes: number;
  cpu: number;
  startedAt: Date | null;
  lastExitCode: number | null;
  lastExitAt: Date | null;
  lastExitReason: string | null;
  observedAt: Date | null;
}

export interface CloneDoc {
  _id: string;
  ownerId: number;
  botId: number;
  botUsername: string;
  botName: string;
  source: 'token' | 'managed';
  tokenUpdatedAt: Date;
  /** The owner (or an admin) wants it running. */
  desiredRunning: boolean;
  /** Admin suspension: the owner cannot undo it. */
  suspended: { at: Date; by: number; reason: string } | null;
  /** Set when the worker found its token rejected (401) or polled elsewhere (409); cleared by a new token. */
  tokenInvalidAt: Date | null;
  tokenProblem: 'revoked' | 'conflict' | null;
  /** Recent worker restarts seen by the manager (crash-loop rule), newest last, capped. */
  restartLog: Date[];
  /** Tell the owner once when the worker is next seen live (set on create, start and new token). */
  notifyOwnerOnLive: boolean;
  /** Set by the manager when the worker crash-loops; cleared by an explicit start. */
  crashLoopAt: Date | null;
  /** Owner asked for a restart at this moment; the manager restarts workers started before it. */
  restartRequestedAt: Date | null;
  status: CloneStatus;
  statusReason: string;
  runtime: CloneRuntime;
  /** Soft delete: the worker is stopped; the data is purged after the retention period. */
  deletedAt: Date | null;
  /**
   * Admin approval (CLONE_APPROVAL_REQUIRED): 'pending' until an admin decides, 'rejected' if
   * refused; null for an approved clone and for every clone made while approval was off.
   */
  approval: 'pending' | 'rejected' | null;
  /** The admin's reason for a rejection (may be empty). */
  approvalReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const runtimeSchema = new Schema<CloneRuntime>(
  {
    pid: { type: Number, default: null },
    pmId: { type: Number, default: null },
    restarts: { type: Number, default: 0 },
    memoryBytes: { type: Number, default: 0 },
    cpu: { type: Number, default: 0 },
    startedAt: { type: Date, default: null },
    lastExitCode: { type: Number, default: null },
    lastExitAt: { type: Date, default: null },
    lastExitReason: { type: String, default: null },
    observedAt: { type: Date, default: null },
  },
  { _id: false },
);

/**
 * A clone: one bot of one owner, run as one PM2 worker. The document holds the desired state
 * (what should run) next to what was last observed; the clone manager reconciles the two.
 * The token is not here: it is sealed in `clone_tokens` (see cloneToken.ts).
 */
export const cloneSchema = new Schema<CloneDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: Number, required: true },
    botId: { type: Number, required: true },
    botUsername: { type: String, required: true },
    botName: { type: String, default: '' },
    source: { type: String, enum: ['token', 'managed'], required: true },
    tokenUpdatedAt: { type: Date, default: () => new Date() },
    desiredRunning: { type: Boolean, default: true },
    suspended: { type: Schema.Types.Mixed, default: null },
    tokenInvalidAt: { type: Date, default: null },
    tokenProblem: { type: String, default: null },
    restartLog: { type: [Date], default: [] },
    notifyOwnerOnLive: { type: Boolean, default: true },
    crashLoopAt: { type: Date, default: null },
    restartRequestedAt: { type: Date, default: null },
    status: { type: String, default: 'pending' },
    statusReason: { type: String, default: '' },
    runtime: { type: runtimeSchema, default: () => ({}) },
    deletedAt: { type: Date, default: null },
    approval: { type: String, enum: ['pending', 'rejected', null], default: null },
    approvalReason: { type: String, default: null },
  },
  { timestamps: true, versionKey: false },
);
// One clone per bot, ever: two workers polling one token would fight (409).
cloneSchema.index({ botId: 1 }, { unique: true });
cloneSchema.index({ ownerId: 1 });
cloneSchema.index({ botUsername: 1 });
cloneSchema.index({ status: 1 });
cloneSchema.index({ deletedAt: 1 });

export type CloneModel = Model<CloneDoc>;
export const cloneModel = (db: Connection): CloneModel =>
  (db.models.Clone as CloneModel | undefined) ?? db.model<CloneDoc>('Clone', cloneSchema, 'clones');

import { Schema, Types, type Connection, type Model } from 'mongoose';

export interface ScheduledDeletionDoc {
  _id: Types.ObjectId;
  chatId: number;
  /** The delivered messages to delete. */
  messageIds: number[];
  /** The "will be deleted" notice, edited once the files are gone; null if none was sent. */
  noticeMessageId: number | null;
  dueAt: Date;
  /** A scheduler that took this job holds it until then (a crash mid-job frees it again). */
  claimedUntil: Date | null;
  attempts: number;
  createdAt: Date;
}

/**
 * Messages to delete at a time, stored in the clone's database so they survive a worker
 * restart. A scheduler loop (not a TTL index: FerretDB has none) deletes what is due.
 */
export const scheduledDeletionSchema = new Schema<ScheduledDeletionDoc>(
  {
    chatId: { type: Number, required: true },
    messageIds: { type: [Number], required: true },
    noticeMessageId: { type: Number, default: null },
    dueAt: { type: Date, required: true },
    claimedUntil: { type: Date, default: null },
    attempts: { type: Number, default: 0 },
    createdAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);
scheduledDeletionSchema.index({ dueAt: 1 });

export type ScheduledDeletionModel = Model<ScheduledDeletionDoc>;
export const scheduledDeletionModel = (db: Connection): ScheduledDeletionModel =>
  (db.models.ScheduledDeletion as ScheduledDeletionModel | undefined) ??
  db.model<ScheduledDeletionDoc>('ScheduledDeletion', scheduledDeletionSchema, 'scheduled_deletions');

import { Schema, type Connection, type Model } from 'mongoose';

/**
 * What a worker in webhook mode last learned from getWebhookInfo (its webhook watch): Telegram's
 * queue for the clone and its last delivery error, and when the watch last set the webhook again
 * because Telegram reported another URL. Absent in polling mode.
 */
export interface WebhookStatusDoc {
  checkedAt: Date;
  pending: number;
  lastErrorDate?: Date;
  lastErrorMessage?: string;
  repairedAt?: Date;
}

export interface HeartbeatDoc {
  _id: string; // clone id
  at: Date;
  pid: number;
  startedAt: Date;
  updates: number;
  errorCount: number;
  memoryBytes: number;
  webhook?: WebhookStatusDoc;
}

/**
 * A worker's periodic sign of life with simple counters, in the platform database so the
 * mother reads all of them in one query.
 */
export const heartbeatSchema = new Schema<HeartbeatDoc>(
  {
    _id: { type: String, required: true },
    at: { type: Date, required: true },
    pid: { type: Number, required: true },
    startedAt: { type: Date, required: true },
    updates: { type: Number, default: 0 },
    errorCount: { type: Number, default: 0 },
    memoryBytes: { type: Number, default: 0 },
    webhook: {
      type: new Schema<WebhookStatusDoc>(
        { checkedAt: Date, pending: Number, lastErrorDate: Date, lastErrorMessage: String, repairedAt: Date },
        { _id: false },
      ),
      required: false,
    },
  },
  { versionKey: false },
);
heartbeatSchema.index({ at: 1 });

export type HeartbeatModel = Model<HeartbeatDoc>;
export const heartbeatModel = (db: Connection): HeartbeatModel =>
  (db.models.Heartbeat as HeartbeatModel | undefined) ?? db.model<HeartbeatDoc>('Heartbeat', heartbeatSchema, 'heartbeats');

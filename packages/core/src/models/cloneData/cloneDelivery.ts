import { Schema, Types, type Connection, type Model } from 'mongoose';

export interface CloneDeliveryDoc {
  _id: Types.ObjectId;
  userId: number;
  /** The link that was opened (a file or a batch code). */
  code: string;
  files: number;
  at: Date;
}

/**
 * One delivery of a link to a user: the log that clones kept before the `counters`. It is no
 * longer written (a delivery is now counted per user, per link and per day, which is all the
 * stats showed, and stores less about users); the clone migration derives the counters from it,
 * and /forgetme still deletes a user's old entries.
 */
export const cloneDeliverySchema = new Schema<CloneDeliveryDoc>(
  {
    userId: { type: Number, required: true },
    code: { type: String, required: true },
    files: { type: Number, default: 1 },
    at: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type CloneDeliveryModel = Model<CloneDeliveryDoc>;
export const cloneDeliveryModel = (db: Connection): CloneDeliveryModel =>
  (db.models.CloneDelivery as CloneDeliveryModel | undefined) ?? db.model<CloneDeliveryDoc>('CloneDelivery', cloneDeliverySchema, 'deliveries');

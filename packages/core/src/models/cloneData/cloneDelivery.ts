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
 * One delivery of a link to a user: an append-only log the stats count and group. Appending
 * (instead of `$inc` on a hot counter document) keeps concurrent deliveries exact on FerretDB.
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
cloneDeliverySchema.index({ at: 1 });
cloneDeliverySchema.index({ code: 1 });

export type CloneDeliveryModel = Model<CloneDeliveryDoc>;
export const cloneDeliveryModel = (db: Connection): CloneDeliveryModel =>
  (db.models.CloneDelivery as CloneDeliveryModel | undefined) ?? db.model<CloneDeliveryDoc>('CloneDelivery', cloneDeliverySchema, 'deliveries');

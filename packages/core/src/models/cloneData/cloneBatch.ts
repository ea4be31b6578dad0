import { Schema, type Connection, type Model } from 'mongoose';

export interface CloneBatchDoc {
  /** The batch's share code (deep-link payload). */
  _id: string;
  /** Codes of the files, in the order the owner sent them. */
  fileCodes: string[];
  createdBy: number;
  createdAt: Date;
  deletedAt: Date | null;
}

/** Several files behind one link (`/batch` … `/done`). */
export const cloneBatchSchema = new Schema<CloneBatchDoc>(
  {
    _id: { type: String, required: true },
    fileCodes: { type: [String], required: true },
    createdBy: { type: Number, required: true },
    createdAt: { type: Date, default: () => new Date() },
    deletedAt: { type: Date, default: null },
  },
  { versionKey: false },
);

export type CloneBatchModel = Model<CloneBatchDoc>;
export const cloneBatchModel = (db: Connection): CloneBatchModel =>
  (db.models.CloneBatch as CloneBatchModel | undefined) ?? db.model<CloneBatchDoc>('CloneBatch', cloneBatchSchema, 'batches');

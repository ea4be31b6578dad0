import { Schema, type Connection, type Model } from 'mongoose';

/**
 * The clones of one owner, kept in one document keyed by the owner's `userKey`, so that "My
 * clones" and the per-owner clone limit are one point read (`{_id}`) instead of a query on
 * `clones.ownerId`, which FerretDB 1.24 answers by reading every clone.
 *
 * Invariant: every clone of the owner that is not deleted is listed. The list may hold more
 * (an id added just before its clone was created, or a deleted clone whose removal from the
 * list did not happen): readers load each listed clone by `_id` and keep only the live ones
 * that are the owner's. Writers add before creating or restoring a clone and remove after
 * deleting it, so a crash between the two writes never hides a clone.
 */
export interface OwnerClonesDoc {
  _id: string;
  cloneIds: string[];
  updatedAt: Date;
}

export const ownerClonesSchema = new Schema<OwnerClonesDoc>(
  {
    _id: { type: String, required: true },
    cloneIds: { type: [String], default: [] },
    updatedAt: { type: Date, default: () => new Date() },
  },
  { versionKey: false },
);

export type OwnerClonesModel = Model<OwnerClonesDoc>;
export const ownerClonesModel = (db: Connection): OwnerClonesModel =>
  (db.models.OwnerClones as OwnerClonesModel | undefined) ?? db.model<OwnerClonesDoc>('OwnerClones', ownerClonesSchema, 'owner_clones');

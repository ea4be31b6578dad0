import { Schema, type Connection, type Model } from 'mongoose';

export interface LeaseDoc {
  _id: string;
  holder: string;
  until: Date;
}

/**
 * A named lease: only its holder may act (the clone manager holds `clone-manager`), so two
 * mother processes (started by mistake; in fork mode a `pm2 reload` stops the old one before the
 * new one starts) never both start workers.
 */
export const leaseSchema = new Schema<LeaseDoc>(
  { _id: { type: String, required: true }, holder: { type: String, required: true }, until: { type: Date, required: true } },
  { versionKey: false },
);

export type LeaseModel = Model<LeaseDoc>;
export const leaseModel = (db: Connection): LeaseModel =>
  (db.models.Lease as LeaseModel | undefined) ?? db.model<LeaseDoc>('Lease', leaseSchema, 'leases');

/**
 * Takes or renews the lease for `ttlMs`; true when `holder` has it afterwards.
 *
 * Built on the one write that is atomic on every backend we support: inserting a document
 * with a given `_id` (FerretDB 1.24 applies a filtered update as read-then-replace, so a
 * guarded update alone could let two mothers both "win"). Renewal is an update by the holder;
 * taking over an expired lease deletes exactly that expired term, then inserts: of two
 * contenders, one insert fails on `_id`.
 */
export async function acquireLease(model: LeaseModel, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  const until = new Date(now.getTime() + ttlMs);
  const current = await model.findById(name).lean();
  if (current && current.holder === holder) {
    const renewed = await model.updateOne({ _id: name, holder }, { $set: { until } });
    if (renewed.matchedCount === 1) return true;
  } else if (current && current.until.getTime() >= now.getTime()) {
    return false;
  } else if (current) {
    await model.deleteOne({ _id: name, holder: current.holder, until: current.until });
  }
  try {
    await model.create({ _id: name, holder, until });
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

export async function releaseLease(model: LeaseModel, name: string, holder: string): Promise<void> {
  await model.deleteOne({ _id: name, holder });
}

import { Schema, type Connection, type Model } from 'mongoose';

export interface LeaseDoc {
  _id: string;
  holder: string;
  until: Date;
}

/**
 * A named lease: only its holder may act (the clone manager holds `clone-manager`), so two
 * mother processes — during `pm2 reload`, or by mistake — never both start workers.
 */
export const leaseSchema = new Schema<LeaseDoc>(
  { _id: { type: String, required: true }, holder: { type: String, required: true }, until: { type: Date, required: true } },
  { versionKey: false },
);

export type LeaseModel = Model<LeaseDoc>;
export const leaseModel = (db: Connection): LeaseModel =>
  (db.models.Lease as LeaseModel | undefined) ?? db.model<LeaseDoc>('Lease', leaseSchema, 'leases');

/**
 * Takes or renews the lease for `ttlMs`. True when `holder` has it afterwards. One atomic
 * upsert: a lease held by someone else and not expired makes the upsert collide on `_id`.
 */
export async function acquireLease(model: LeaseModel, name: string, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  try {
    await model.findOneAndUpdate(
      { _id: name, $or: [{ holder }, { until: { $lt: now } }] },
      { $set: { holder, until: new Date(now.getTime() + ttlMs) } },
      { upsert: true },
    );
    return true;
  } catch (error) {
    if ((error as { code?: number }).code === 11000) return false;
    throw error;
  }
}

export async function releaseLease(model: LeaseModel, name: string, holder: string): Promise<void> {
  await model.deleteOne({ _id: name, holder });
}

import { Schema, type Connection, type Model } from 'mongoose';

export interface PlanDoc {
  _id: string; // short code used in invoice payloads, e.g. `m1`
  name: string;
  days: number;
  priceStars: number;
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A plan admins offer: so many days for so many Stars. */
export const planSchema = new Schema<PlanDoc>(
  {
    _id: { type: String, required: true, match: /^[a-z0-9_]{1,16}$/ },
    name: { type: String, required: true },
    days: { type: Number, required: true, min: 1 },
    priceStars: { type: Number, required: true, min: 1 },
    active: { type: Boolean, default: true },
  },
  { timestamps: true, versionKey: false },
);
planSchema.index({ active: 1 });

export type PlanModel = Model<PlanDoc>;
export const planModel = (db: Connection): PlanModel =>
  (db.models.Plan as PlanModel | undefined) ?? db.model<PlanDoc>('Plan', planSchema, 'plans');

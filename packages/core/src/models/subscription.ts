import { Schema, type Connection, type Model } from 'mongoose';

export interface SubscriptionDoc {
  _id: string; // the clone id: one subscription per clone
  ownerId: number;
  expiresAt: Date;
  isTrial: boolean;
  planCode: string | null;
  /** Charges already applied: makes an extension idempotent per telegram_payment_charge_id. */
  appliedCharges: string[];
  /** Reminder offsets (days) already sent for the current `expiresAt`; reset by an extension. */
  remindersSent: number[];
  createdAt: Date;
  updatedAt: Date;
}

/** The paid (or trial) period of one clone. Extended only by a successful payment or an admin grant. */
export const subscriptionSchema = new Schema<SubscriptionDoc>(
  {
    _id: { type: String, required: true },
    ownerId: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
    isTrial: { type: Boolean, default: true },
    planCode: { type: String, default: null },
    appliedCharges: { type: [String], default: [] },
    remindersSent: { type: [Number], default: [] },
  },
  { timestamps: true, versionKey: false },
);
subscriptionSchema.index({ expiresAt: 1 });
subscriptionSchema.index({ ownerId: 1 });

export type SubscriptionModel = Model<SubscriptionDoc>;
export const subscriptionModel = (db: Connection): SubscriptionModel =>
  (db.models.Subscription as SubscriptionModel | undefined) ??
  db.model<SubscriptionDoc>('Subscription', subscriptionSchema, 'subscriptions');

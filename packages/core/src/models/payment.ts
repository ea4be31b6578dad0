import { Schema, type Connection, type Model } from 'mongoose';

export interface PaymentDoc {
  _id: string; // telegram_payment_charge_id: Telegram may deliver a payment twice, we record it once
  /** Short hash of the charge id (12 hex), small enough for callback data (admin refund buttons). */
  ref: string;
  userId: number;
  cloneId: string;
  planCode: string;
  days: number;
  amount: number;
  currency: string;
  providerChargeId: string;
  status: 'paid' | 'refunded';
  appliedAt: Date | null;
  refundedAt: Date | null;
  refundedBy: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A Stars payment, keyed by its charge id (needed for refunds). */
export const paymentSchema = new Schema<PaymentDoc>(
  {
    _id: { type: String, required: true },
    ref: { type: String, default: '' },
    userId: { type: Number, required: true },
    cloneId: { type: String, required: true },
    planCode: { type: String, required: true },
    days: { type: Number, required: true },
    amount: { type: Number, required: true },
    currency: { type: String, default: 'XTR' },
    providerChargeId: { type: String, default: '' },
    status: { type: String, enum: ['paid', 'refunded'], default: 'paid' },
    appliedAt: { type: Date, default: null },
    refundedAt: { type: Date, default: null },
    refundedBy: { type: Number, default: null },
  },
  { timestamps: true, versionKey: false },
);
paymentSchema.index({ userId: 1, createdAt: -1 });
paymentSchema.index({ cloneId: 1 });
paymentSchema.index({ ref: 1 });
paymentSchema.index({ createdAt: -1 });

export type PaymentModel = Model<PaymentDoc>;
export const paymentModel = (db: Connection): PaymentModel =>
  (db.models.Payment as PaymentModel | undefined) ?? db.model<PaymentDoc>('Payment', paymentSchema, 'payments');

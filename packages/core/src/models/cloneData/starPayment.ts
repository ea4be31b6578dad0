import { Schema, type Connection, type Model } from 'mongoose';

export interface StarPaymentDoc {
  /** Telegram's `telegram_payment_charge_id`: one document per charge, so a redelivery cannot credit twice. */
  _id: string;
  userId: number;
  /** The offer bought, as it was when paid. */
  offerId: number;
  days: number;
  stars: number;
  status: 'paid' | 'refunded';
  /** Premium end right after this payment was credited. */
  premiumUntil: Date | null;
  createdAt: Date;
  refundedAt: Date | null;
  refundedBy: number | null;
}

/**
 * A premium purchase in a clone, paid in Telegram Stars. Inserting it is what credits the
 * payment (a duplicate key means "already credited"); a refund marks it, read back by `_id`.
 */
export const starPaymentSchema = new Schema<StarPaymentDoc>(
  {
    _id: { type: String, required: true },
    userId: { type: Number, required: true },
    offerId: { type: Number, required: true },
    days: { type: Number, required: true },
    stars: { type: Number, required: true },
    status: { type: String, enum: ['paid', 'refunded'], default: 'paid' },
    premiumUntil: { type: Date, default: null },
    createdAt: { type: Date, default: () => new Date() },
    refundedAt: { type: Date, default: null },
    refundedBy: { type: Number, default: null },
  },
  { versionKey: false },
);

export type StarPaymentModel = Model<StarPaymentDoc>;
export const starPaymentModel = (db: Connection): StarPaymentModel =>
  (db.models.StarPayment as StarPaymentModel | undefined) ?? db.model<StarPaymentDoc>('StarPayment', starPaymentSchema, 'star_payments');

import { counterKeys, isDuplicateKeyError, KeyedQueue, withDatabaseRetries, type CloneDataModels, type StarPaymentDoc } from '@motherbot/core';
import type { PremiumUsers } from './premiumUsers';
import type { StatsWriter } from './statsWriter';

/** What a successful payment buys (read from its signed invoice payload). */
export interface PaidPremium {
  chargeId: string;
  userId: number;
  offerId: number;
  days: number;
  stars: number;
}

export type CreditResult = { credited: true; until: Date } | { credited: false };

/**
 * Premium sold in Telegram Stars: the payment record (keyed by Telegram's charge id, so a
 * redelivered `successful_payment` credits nothing twice), the premium it gives, and the Stars
 * counted in /stats through the stats writer.
 *
 * The insert is the credit's claim: it is written before the premium, so a crash in between
 * leaves a payment without premium (the owner sees it by its charge id and grants or refunds),
 * never premium given twice.
 */
export class StarSales {
  /** Refunds of one payment, one at a time: two managers may refund the same receipt at once. */
  private readonly refunds = new KeyedQueue<string>();

  constructor(
    private readonly models: CloneDataModels,
    private readonly premium: PremiumUsers,
    private readonly stats: StatsWriter,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async credit(paid: PaidPremium): Promise<CreditResult> {
    const { chargeId, userId, offerId, days, stars } = paid;
    try {
      await withDatabaseRetries(() => this.models.StarPayment.create({ _id: chargeId, userId, offerId, days, stars, status: 'paid', createdAt: this.clock() }));
    } catch (error) {
      if (isDuplicateKeyError(error)) return { credited: false };
      throw error;
    }
    this.stats.inc(counterKeys.totals, 'stars', stars);
    this.stats.inc(counterKeys.totals, 'starPayments', 1);
    const until = await this.premium.extend(userId, days, 'stars');
    await withDatabaseRetries(() => this.models.StarPayment.updateOne({ _id: chargeId }, { $set: { premiumUntil: until } }));
    return { credited: true, until };
  }

  byCharge(chargeId: string): Promise<StarPaymentDoc | null> {
    return withDatabaseRetries(() => this.models.StarPayment.findById(chargeId).lean<StarPaymentDoc>());
  }

  /**
   * Marks a payment refunded (once) and takes its days off the buyer's premium. Null when it was
   * refunded already. Call after Telegram refunded it. A point read, then a write by `_id`, one
   * refund of a receipt at a time: a filter on `status` beside `_id` would make FerretDB read the
   * whole collection, and it would not make two concurrent refunds exclusive anyway.
   */
  markRefunded(chargeId: string, by: number): Promise<{ payment: StarPaymentDoc; until: Date | null } | null> {
    return this.refunds.run(chargeId, () => this.refundOnce(chargeId, by));
  }

  private async refundOnce(chargeId: string, by: number): Promise<{ payment: StarPaymentDoc; until: Date | null } | null> {
    const paid = await this.byCharge(chargeId);
    if (!paid || paid.status !== 'paid') return null;
    const refundedAt = this.clock();
    await withDatabaseRetries(() => this.models.StarPayment.updateOne({ _id: chargeId }, { $set: { status: 'refunded', refundedAt, refundedBy: by } }));
    const payment: StarPaymentDoc = { ...paid, status: 'refunded', refundedAt, refundedBy: by };
    this.stats.inc(counterKeys.totals, 'starsRefunded', payment.stars);
    const until = await this.premium.shorten(payment.userId, payment.days);
    return { payment, until };
  }
}

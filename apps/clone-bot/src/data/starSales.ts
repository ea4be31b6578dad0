import { counterKeys, isDuplicateKeyError, withDatabaseRetries, type CloneDataModels, type StarPaymentDoc } from '@motherbot/core';
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
   * Marks a payment refunded (once: guarded by `status: 'paid'`) and takes its days off the
   * buyer's premium. Null when it was refunded already. Call after Telegram refunded it.
   */
  async markRefunded(chargeId: string, by: number): Promise<{ payment: StarPaymentDoc; until: Date | null } | null> {
    const payment = await withDatabaseRetries(() =>
      this.models.StarPayment.findOneAndUpdate({ _id: chargeId, status: 'paid' }, { $set: { status: 'refunded', refundedAt: this.clock(), refundedBy: by } }, { returnDocument: 'after' }).lean<StarPaymentDoc>(),
    );
    if (!payment) return null;
    this.stats.inc(counterKeys.totals, 'starsRefunded', payment.stars);
    const until = await this.premium.shorten(payment.userId, payment.days);
    return { payment, until };
  }
}

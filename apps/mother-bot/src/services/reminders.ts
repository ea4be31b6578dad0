import { withKeyLock } from './keyedLock';
import { DAY_MS, awaitsOrFailedApproval, dueReminder, type CloneDoc, type Logger, type PlatformModels, type SubscriptionDoc } from '@motherbot/core';

/** One reminder to deliver to an owner. */
export interface Reminder {
  ownerId: number;
  cloneId: string;
  botUsername: string;
  offsetDays: number;
  expiresAt: Date;
}

export type SendReminder = (reminder: Reminder) => Promise<void>;

/**
 * Subscription reminders (REMINDER_DAYS before expiry, 0 = at expiry), each sent once per
 * expiry, and only when it is news: a reminder whose moment came before the subscription was
 * created (a 3-day trial and a 3-day reminder: the owner was just told the expiry) is marked
 * handled without a message (dueReminder's `silent`; guarded by reminderNews.test.ts).
 * The offsets are claimed with one guarded `$addToSet` on the subscription BEFORE the
 * message goes out (filter: same expiry, none of the offsets sent yet), so two mothers or a
 * restart never send one twice; the price is that a crash between claim and send loses that
 * one reminder. An extension resets `remindersSent`, so the new expiry gets its own.
 * A clone waiting for approval or rejected gets none (it cannot be renewed; its offsets stay
 * unclaimed, and an approval starts a fresh trial with its own reminders).
 */
export class ReminderJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly deps: {
      models: PlatformModels;
      offsetsDays: readonly number[];
      logger: Logger;
      clock?: () => Date;
      intervalMs?: number;
    },
  ) {}

  /** Checks every subscription near its expiry once; resolves to the number of reminders sent. */
  async runOnce(send: SendReminder): Promise<number> {
    const { models, offsetsDays, logger } = this.deps;
    if (offsetsDays.length === 0) return 0;
    const now = this.deps.clock?.() ?? new Date();
    const horizon = new Date(now.getTime() + Math.max(...offsetsDays) * DAY_MS);
    // The at-expiry reminder is still sent a day late (mother down); older expiries are left alone.
    const subs = await models.Subscription.find({ expiresAt: { $lte: horizon, $gte: new Date(now.getTime() - DAY_MS) } }).lean<SubscriptionDoc[]>();
    let sent = 0;
    for (const sub of subs) {
      if (!dueReminder(sub.expiresAt, offsetsDays, sub.remindersSent ?? [], now, sub.createdAt)) continue;
      // By `_id` alone (FerretDB answers only that without a scan); the rest is checked here.
      const clone = await models.Clone.findById(sub._id).lean<CloneDoc>();
      if (!clone || clone.deletedAt || awaitsOrFailedApproval(clone)) continue;
      const claim = await withKeyLock(`sub:${sub._id}`, async () => {
        // Re-read under the lock: another pass (or an extension) may have changed it.
        const fresh = await models.Subscription.findById(sub._id).lean<SubscriptionDoc>();
        const due = fresh && dueReminder(fresh.expiresAt, offsetsDays, fresh.remindersSent ?? [], now, fresh.createdAt);
        if (!fresh || !due) return undefined;
        const claimed = await models.Subscription.updateOne(
          { _id: sub._id, expiresAt: fresh.expiresAt, remindersSent: { $nin: due.covers } },
          { $addToSet: { remindersSent: { $each: due.covers } } },
        );
        return claimed.modifiedCount === 1 ? { due, expiresAt: fresh.expiresAt } : undefined;
      });
      if (!claim || claim.due.silent) continue;
      const { due } = claim;
      try {
        await send({ ownerId: clone.ownerId, cloneId: clone._id, botUsername: clone.botUsername, offsetDays: due.offsetDays, expiresAt: claim.expiresAt });
        sent += 1;
      } catch (error) {
        logger.warn('reminder not delivered', { cloneId: clone._id, offsetDays: due.offsetDays, error });
      }
    }
    return sent;
  }

  /** Runs now and then every interval (default one minute). One run at a time. */
  start(send: SendReminder): void {
    const tick = (): void => {
      this.running = this.runOnce(send).catch((error: unknown) => {
        this.deps.logger.error('reminder pass failed', { error });
        return 0;
      });
      void this.running.finally(() => {
        this.running = undefined;
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.deps.intervalMs ?? 60_000);
      });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }
}

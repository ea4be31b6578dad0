/**
 * Subscription rules, pure: every function takes the clock as an argument, so tests and the
 * reminder job move time without touching the system clock.
 */
import { DAY_MS } from '../time/durations';

export type SubscriptionState = 'trial' | 'active' | 'grace' | 'expired';

export interface SubscriptionFacts {
  /** End of the paid or trial period. */
  expiresAt: Date;
  /** True while the clone has never been paid for. */
  isTrial: boolean;
}

export interface SubscriptionPolicy {
  /** After expiry, how long the clone still runs while the owner renews. */
  graceMs: number;
}

/** Where a subscription stands at `now`. */
export function subscriptionState(facts: SubscriptionFacts, policy: SubscriptionPolicy, now: Date): SubscriptionState {
  const t = now.getTime();
  const end = facts.expiresAt.getTime();
  if (t < end) return facts.isTrial ? 'trial' : 'active';
  if (t < end + policy.graceMs) return 'grace';
  return 'expired';
}

/** Whether the subscription lets the clone run at `now` (trial, active or grace). */
export function subscriptionAllowsRun(facts: SubscriptionFacts, policy: SubscriptionPolicy, now: Date): boolean {
  return subscriptionState(facts, policy, now) !== 'expired';
}

/**
 * The new expiry after paying for `days`: counted from the later of now and the current
 * expiry, so renewing early never loses days and renewing late never back-dates.
 */
export function extendExpiry(currentExpiry: Date | undefined, days: number, now: Date): Date {
  const from = Math.max(now.getTime(), currentExpiry?.getTime() ?? 0);
  return new Date(from + days * DAY_MS);
}

/** Expiry of a new clone's trial (`trialDays` may be 0: no trial, it must be paid first). */
export function trialExpiry(trialDays: number, now: Date): Date {
  return new Date(now.getTime() + trialDays * DAY_MS);
}

/** A reminder to send now, and every offset it stands for (to be marked sent together). */
export interface DueReminder {
  /** Days before expiry this reminder speaks of (0 = at expiry). */
  offsetDays: number;
  /** Every configured offset whose moment has passed unsent, this one included. */
  covers: number[];
  /**
   * True when the reminder would tell the owner nothing new: its moment came before the
   * period began (a 3-day trial and a 3-day reminder), and the owner was told the expiry then.
   * The offsets are to be marked as handled, and no message sent. Absent when it is news.
   */
  silent?: true;
}

/**
 * The reminder due at `now`, if any: among the configured offsets (days before expiry) whose
 * moment has come and that were not sent for this expiry, the latest one. Older ones that were
 * missed (the mother was down) are covered by it, so an owner is never sent three at once.
 * `periodStart` is when the owner was told this expiry (the subscription's creation): a
 * reminder whose moment is not after it is `silent`.
 */
export function dueReminder(
  expiresAt: Date,
  offsetsDays: readonly number[],
  alreadySent: readonly number[],
  now: Date,
  periodStart?: Date,
): DueReminder | undefined {
  const covers = offsetsDays
    .filter((days) => now.getTime() >= expiresAt.getTime() - days * DAY_MS)
    .filter((days) => !alreadySent.includes(days));
  if (covers.length === 0) return undefined;
  const offsetDays = Math.min(...covers);
  const silent = periodStart !== undefined && expiresAt.getTime() - offsetDays * DAY_MS <= periodStart.getTime();
  return { offsetDays, covers: [...new Set(covers)].sort((a, b) => b - a), ...(silent ? { silent: true as const } : {}) };
}

/** Whole days (rounded up) until expiry; 0 when due or past. */
export function daysLeft(expiresAt: Date, now: Date): number {
  return Math.max(0, Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS));
}

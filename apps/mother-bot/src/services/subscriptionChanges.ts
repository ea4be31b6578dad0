import { DAY_MS, extendExpiry, type PlatformModels, type SubscriptionDoc } from '@motherbot/core';
import { withKeyLock } from './keyedLock';

export interface ExtensionResult {
  /** False when this charge was applied before (a duplicate delivery): nothing changed. */
  applied: boolean;
  previousExpiry: Date | null;
  expiresAt: Date;
}

const ATTEMPTS = 8;

export interface ExtensionInput {
  cloneId: string;
  ownerId: number;
  days: number;
  now: Date;
  /** A payment: applied once per charge id, and the subscription is no longer a trial. */
  chargeId?: string;
  planCode?: string;
  /** Free days granted once under this key (e.g. a referral reward); the trial flag is kept. */
  onceKey?: string;
}

/**
 * Adds `days` to a clone's subscription, counted from the later of now and the current expiry.
 * A point read, a check in code, a point write (`{_id}` alone: FerretDB 1.24 reads the whole
 * collection for any other filter). For a payment the check is that the charge is not in
 * `appliedCharges`, so a duplicate `successful_payment` changes nothing. The per-subscription
 * lock makes read-check-write one step inside the mother, the only process that changes
 * subscriptions' expiry. Sent reminders are reset: the new expiry gets its own reminders.
 */
export async function extendSubscription(
  models: PlatformModels,
  input: ExtensionInput,
): Promise<ExtensionResult> {
  return withKeyLock(`sub:${input.cloneId}`, () => extendLocked(models, input));
}

async function extendLocked(models: PlatformModels, input: ExtensionInput): Promise<ExtensionResult> {
  const { cloneId, days, now, chargeId } = input;
  // The key that makes this extension happen once: a payment's charge id, or a free grant's key.
  const guard = chargeId ?? input.onceKey;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const sub = await models.Subscription.findById(cloneId).lean<SubscriptionDoc>();
    if (!sub) {
      const expiresAt = extendExpiry(undefined, days, now);
      try {
        await models.Subscription.create({
          _id: cloneId,
          ownerId: input.ownerId,
          expiresAt,
          isTrial: !chargeId,
          planCode: input.planCode ?? null,
          appliedCharges: guard ? [guard] : [],
        });
        return { applied: true, previousExpiry: null, expiresAt };
      } catch (error) {
        if ((error as { code?: number }).code === 11000) continue;
        throw error;
      }
    }
    if (guard && (sub.appliedCharges ?? []).includes(guard)) return { applied: false, previousExpiry: sub.expiresAt, expiresAt: sub.expiresAt };
    const expiresAt = extendExpiry(sub.expiresAt, days, now);
    const set: Record<string, unknown> = { expiresAt, remindersSent: [] };
    if (chargeId) Object.assign(set, { isTrial: false, planCode: input.planCode ?? null });
    const update: Record<string, unknown> = { $set: set };
    if (guard) update.$push = { appliedCharges: guard };
    const result = await models.Subscription.updateOne({ _id: cloneId }, update);
    // Not matched: the subscription went away since the read; the next round creates it.
    if (result.matchedCount === 1) return { applied: true, previousExpiry: sub.expiresAt, expiresAt };
  }
  throw new Error(`subscription ${cloneId} kept changing; extension not applied`);
}

/**
 * Takes `days` off a subscription (a refunded payment), by `_id` under the same lock as above.
 * The expiry may land in the past: the clone then stops on the next reconcile.
 */
export async function shortenSubscription(models: PlatformModels, cloneId: string, days: number): Promise<{ previousExpiry: Date; expiresAt: Date } | undefined> {
  return withKeyLock(`sub:${cloneId}`, () => shortenLocked(models, cloneId, days));
}

async function shortenLocked(models: PlatformModels, cloneId: string, days: number): Promise<{ previousExpiry: Date; expiresAt: Date } | undefined> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const sub = await models.Subscription.findById(cloneId).lean<SubscriptionDoc>();
    if (!sub) return undefined;
    const expiresAt = new Date(sub.expiresAt.getTime() - days * DAY_MS);
    const result = await models.Subscription.updateOne({ _id: cloneId }, { $set: { expiresAt, remindersSent: [] } });
    if (result.matchedCount === 1) return { previousExpiry: sub.expiresAt, expiresAt };
  }
  throw new Error(`subscription ${cloneId} kept changing; refund shortening not applied`);
}

import { cloneUserKey, withDatabaseRetries, type PendingVerification, type UserAccessDoc, type UserAccessModel } from '@motherbot/core';

/** The UTC day of a moment, as quotas count it. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** How many users' documents the worker keeps in memory, most recently used first. */
const CACHED_USERS = 10_000;

/**
 * Each user's verification and daily quota in one clone, read and written by `_id` only. Updates
 * of one user run one at a time (the per-user queue), so read-then-write here does not race.
 *
 * Recently seen users' documents stay in memory: a verified user opening link after link would
 * otherwise cost a database read each time, and that read was most of what link verification
 * added to a delivery. The copy is exact because this worker is the only writer of the
 * collection and every write goes through here.
 */
export class UserAccessStore {
  private readonly cache = new Map<number, UserAccessDoc | null>();

  constructor(
    private readonly model: UserAccessModel,
    private readonly maxCached = CACHED_USERS,
  ) {}

  async get(userId: number): Promise<UserAccessDoc | null> {
    if (this.cache.has(userId)) {
      const hit = this.cache.get(userId) ?? null;
      // Map order is insertion order: re-inserting keeps the least recently used first.
      this.cache.delete(userId);
      this.cache.set(userId, hit);
      return hit;
    }
    const doc = await withDatabaseRetries(() => this.model.findById(cloneUserKey(userId)).lean<UserAccessDoc>());
    this.remember(userId, doc);
    return doc;
  }

  setPending(userId: number, pending: PendingVerification): Promise<void> {
    return this.set(userId, { pending });
  }

  /** Verified until `until`; the pending token is spent. */
  markVerified(userId: number, until: Date): Promise<void> {
    return this.set(userId, { verifiedUntil: until, pending: null });
  }

  /** Sets today's count of delivered links (the caller read the previous one). */
  setQuota(userId: number, day: string, count: number): Promise<void> {
    return this.set(userId, { quotaDay: day, quotaCount: count });
  }

  private async set(userId: number, patch: Partial<Omit<UserAccessDoc, '_id'>>): Promise<void> {
    const updatedAt = new Date();
    try {
      await withDatabaseRetries(() => this.model.updateOne({ _id: cloneUserKey(userId) }, { $set: { ...patch, updatedAt } }, { upsert: true }));
    } catch (error) {
      // The write may or may not have landed: read it again next time.
      this.cache.delete(userId);
      throw error;
    }
    const cached = this.cache.get(userId);
    if (cached) this.remember(userId, { ...cached, ...patch, updatedAt });
    // Not cached, or cached as absent: the upsert made a document whose other fields are the
    // schema's defaults as the database holds them; the next read fetches it once.
    else this.cache.delete(userId);
  }

  private remember(userId: number, doc: UserAccessDoc | null): void {
    this.cache.delete(userId);
    this.cache.set(userId, doc);
    if (this.cache.size > this.maxCached) this.cache.delete(this.cache.keys().next().value as number);
  }
}

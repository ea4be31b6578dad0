import { cloneUserKey, withDatabaseRetries, type PendingVerification, type UserAccessDoc, type UserAccessModel } from '@motherbot/core';

/** The UTC day of a moment, as quotas count it. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/**
 * Each user's verification and daily quota in one clone, read and written by `_id` only. Updates
 * of one user run one at a time (the per-user queue), so read-then-write here does not race.
 */
export class UserAccessStore {
  constructor(private readonly model: UserAccessModel) {}

  get(userId: number): Promise<UserAccessDoc | null> {
    return withDatabaseRetries(() => this.model.findById(cloneUserKey(userId)).lean<UserAccessDoc>());
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
    await withDatabaseRetries(() => this.model.updateOne({ _id: cloneUserKey(userId) }, { $set: { ...patch, updatedAt: new Date() } }, { upsert: true }));
  }
}

import { withDatabaseRetries, type OwnerAwaiting, type OwnerSessionDoc, type OwnerSessionModel } from '@motherbot/core';

/**
 * The small conversational state of an owner or clone admin (an open batch, a setting being
 * typed), by point operations on the string key, so that a worker restart loses no half-built
 * batch. Only managers have sessions; the per-chat order of updates means one at a time per user.
 */
export class OwnerSessions {
  constructor(private readonly model: OwnerSessionModel) {}

  get(userId: number): Promise<OwnerSessionDoc | null> {
    return withDatabaseRetries(() => this.model.findById(String(userId)).lean<OwnerSessionDoc>());
  }

  async set(userId: number, fields: Partial<Pick<OwnerSessionDoc, 'awaiting' | 'batch'>>): Promise<void> {
    await withDatabaseRetries(() => this.model.updateOne({ _id: String(userId) }, { $set: { ...fields, updatedAt: new Date() } }, { upsert: true }));
  }

  /** Says what the bot waits for from this manager; an open batch stays open. */
  async setAwaiting(userId: number, awaiting: OwnerAwaiting | null): Promise<void> {
    await withDatabaseRetries(() =>
      this.model.updateOne({ _id: String(userId) }, { $set: { awaiting, updatedAt: new Date() }, $setOnInsert: { batch: null } }, { upsert: true }),
    );
  }

  /**
   * Appends a file to the open batch the caller read. The whole list is `$set` (not `$push`) so
   * that a retried write cannot add the file twice.
   */
  async addToBatch(userId: number, batch: string[], code: string): Promise<void> {
    await this.set(userId, { batch: [...batch, code] });
  }
}

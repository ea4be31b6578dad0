import type { Connection } from 'mongoose';
import { DAY_MS, cloneDatabaseName, type AppConfig, type CloneDoc, type Logger, type PlatformModels } from '@motherbot/core';
import type { AuditLog } from './auditLog';

/**
 * Purges deleted clones once their retention period is over: the clone's own database
 * (`<DATABASE_NAME>_clone_<id>`), its token, subscription, heartbeat and the clone record
 * itself, which frees its bot id (Clone.botId is unique) for anyone to add again. Payments and
 * audit events are kept: they are the platform's books.
 */
export class CloneRetention {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly deps: {
      config: AppConfig;
      models: PlatformModels;
      db: Connection;
      audit: AuditLog;
      logger: Logger;
      retentionDays?: number;
      clock?: () => Date;
      intervalMs?: number;
    },
  ) {}

  get retentionDays(): number {
    return this.deps.retentionDays ?? this.deps.config.deletedCloneRetentionDays;
  }

  /** When a clone deleted at `deletedAt` is purged. */
  purgeAt(deletedAt: Date): Date {
    return new Date(deletedAt.getTime() + this.retentionDays * DAY_MS);
  }

  /** Purges one deleted clone now (idempotent). Refuses a clone that is not deleted. */
  async purgeClone(cloneId: string): Promise<boolean> {
    const { models, db, config } = this.deps;
    const clone = await models.Clone.findOne({ _id: cloneId, deletedAt: { $ne: null } }).lean<CloneDoc>();
    if (!clone) return false;
    await db.useDb(cloneDatabaseName(config.databaseName, cloneId), { useCache: false }).dropDatabase();
    await Promise.all([
      models.CloneToken.deleteOne({ _id: cloneId }),
      models.Subscription.deleteOne({ _id: cloneId }),
      models.Heartbeat.deleteOne({ _id: cloneId }),
    ]);
    // The clone record last: while it exists, a failed purge is retried on the next pass.
    await models.Clone.deleteOne({ _id: cloneId, deletedAt: { $ne: null } });
    await this.deps.audit.record('system', 'clone.purge', 'clone', cloneId, { botUsername: clone.botUsername, ownerId: clone.ownerId });
    this.deps.logger.info('deleted clone purged', { cloneId });
    return true;
  }

  /** Purges every clone deleted longer ago than the retention period. */
  async purgeDue(): Promise<number> {
    const now = this.deps.clock?.() ?? new Date();
    const cutoff = new Date(now.getTime() - this.retentionDays * DAY_MS);
    const due = await this.deps.models.Clone.find({ deletedAt: { $ne: null, $lte: cutoff } }, { _id: 1 }).lean();
    let purged = 0;
    for (const { _id } of due) {
      try {
        if (await this.purgeClone(_id)) purged += 1;
      } catch (error) {
        this.deps.logger.error('purge failed', { cloneId: _id, error });
      }
    }
    return purged;
  }

  /** Runs now and then every interval (default one hour). */
  start(): void {
    const tick = (): void => {
      this.running = this.purgeDue().catch((error: unknown) => this.deps.logger.error('retention pass failed', { error }));
      void this.running.finally(() => {
        this.running = undefined;
        if (this.timer !== undefined) this.timer = setTimeout(tick, this.deps.intervalMs ?? 3_600_000);
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

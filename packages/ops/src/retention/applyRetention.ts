import type { Connection } from 'mongoose';
import { DAY_MS, cloneDatabaseName, type AppConfig, type PlatformModels } from '@motherbot/core';

/** What one retention pass removed (the mother's ops scheduler logs it after every pass). */
export interface RetentionReport {
  at: Date;
  auditEvents: number;
  purgedClones: string[];
  cloneUsers: number;
  alerts: number;
  errors: string[];
}

export type RetentionSettings = Pick<AppConfig, 'databaseName' | 'auditRetentionDays' | 'deletedCloneRetentionDays' | 'cloneUserRetentionDays' | 'alertRetentionDays'>;

const cutoff = (now: Date, days: number): Date => new Date(now.getTime() - days * DAY_MS);

/**
 * Applies the configured retention once (each rule off when its days are 0). The platform's only
 * purge: the mother's ops scheduler runs it every hour, and the owner is told the same
 * DELETED_CLONE_RETENTION_DAYS when deleting a clone.
 * - audit events older than AUDIT_RETENTION_DAYS;
 * - clones deleted more than DELETED_CLONE_RETENTION_DAYS ago: the clone's database, then its
 *   token, subscription and heartbeat, and the clone record last (while the record exists, a
 *   failed purge is retried by the next pass), which frees its bot id for anyone to add again;
 *   payments are the platform's books and are kept;
 * - users of a live clone who blocked it more than CLONE_USER_RETENTION_DAYS ago and have not been
 *   seen since (a user who comes back has a newer `lastSeenAt`; unblocking clears `blockedAt`);
 * - resolved alerts older than ALERT_RETENTION_DAYS (active alerts are never removed).
 * Every step is a date-bounded delete: idempotent, safe to rerun, no transaction needed.
 * An error in one step is recorded and the other steps still run.
 */
export async function applyRetention(deps: { db: Connection; models: PlatformModels; settings: RetentionSettings; now: Date }): Promise<RetentionReport> {
  const { db, models, settings, now } = deps;
  const report: RetentionReport = { at: now, auditEvents: 0, purgedClones: [], cloneUsers: 0, alerts: 0, errors: [] };
  const step = async (name: string, run: () => Promise<void>): Promise<void> => {
    try {
      await run();
    } catch (error) {
      report.errors.push(`${name}: ${(error as Error).message}`);
    }
  };

  if (settings.auditRetentionDays > 0) {
    await step('audit events', async () => {
      report.auditEvents = (await models.AuditEvent.deleteMany({ at: { $lt: cutoff(now, settings.auditRetentionDays) } })).deletedCount;
    });
  }

  if (settings.deletedCloneRetentionDays > 0) {
    const due = await models.Clone.find({ deletedAt: { $ne: null, $lte: cutoff(now, settings.deletedCloneRetentionDays) } }, { _id: 1, botUsername: 1, ownerId: 1 }).lean();
    for (const clone of due) {
      await step(`purge clone ${clone._id}`, async () => {
        await db.useDb(cloneDatabaseName(settings.databaseName, clone._id), { useCache: false }).dropDatabase();
        await models.CloneToken.deleteOne({ _id: clone._id });
        await models.Subscription.deleteOne({ _id: clone._id });
        await models.Heartbeat.deleteOne({ _id: clone._id });
        await models.Clone.deleteOne({ _id: clone._id, deletedAt: { $ne: null } });
        await models.AuditEvent.create({
          at: now,
          actorId: 0,
          actorRole: 'system',
          action: 'clone.purge',
          targetType: 'clone',
          targetId: clone._id,
          details: { botUsername: clone.botUsername, ownerId: clone.ownerId, reason: 'retention' },
        });
        report.purgedClones.push(clone._id);
      });
    }
  }

  if (settings.cloneUserRetentionDays > 0) {
    const live = await models.Clone.find({ deletedAt: null }, { _id: 1 }).lean();
    const before = cutoff(now, settings.cloneUserRetentionDays);
    for (const clone of live) {
      await step(`users of clone ${clone._id}`, async () => {
        const users = db.useDb(cloneDatabaseName(settings.databaseName, clone._id), { useCache: false }).collection('users');
        report.cloneUsers += (await users.deleteMany({ blockedAt: { $ne: null, $lt: before }, lastSeenAt: { $lt: before } })).deletedCount;
      });
    }
  }

  if (settings.alertRetentionDays > 0) {
    await step('alerts', async () => {
      report.alerts = (await db.collection('alerts').deleteMany({ resolvedAt: { $ne: null, $lt: cutoff(now, settings.alertRetentionDays) } })).deletedCount;
    });
  }
  return report;
}

/** Whether a pass removed anything (the scheduler logs every pass; this says whether it was news). */
export function retentionRemovedAnything(report: RetentionReport): boolean {
  return report.auditEvents + report.purgedClones.length + report.cloneUsers + report.alerts > 0;
}

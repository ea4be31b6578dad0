import type { Connection } from 'mongoose';
import { HOUR_MS, type AppConfig, type Logger, type PlatformModels } from '@motherbot/core';
import { applyRetention, retentionRemovedAnything } from '@motherbot/ops';
import { describeBackup, runBackupJob } from './backupJob';

/** How often the scheduler looks whether a job is due (jobs themselves run per their interval). */
const TICK_MS = 60_000;

export interface OpsSchedulerDeps {
  config: AppConfig;
  db: Connection;
  models: PlatformModels;
  logger: Logger;
  clock?: () => Date;
  tickMs?: number;
}

/**
 * The periodic operations of the mother: a backup every BACKUP_INTERVAL_HOURS (verified and
 * pruned) and the retention pass every hour. Each run is claimed by inserting
 * `ops_runs/{job}:{slot}` (the race-safe write): should two mothers ever run at once (started by
 * mistake; a `pm2 reload` in fork mode stops the old one first), only one makes the backup of a slot. A failing job is logged and tried again next slot.
 */
export class OpsScheduler {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = true;

  constructor(private readonly deps: OpsSchedulerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.deps.tickMs ?? TICK_MS); // first look a tick after start: never slows a start or a short test
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Runs whichever jobs are due now (also called by tests with a moved clock). */
  async tick(): Promise<void> {
    const { config } = this.deps;
    if (config.backupIntervalHours > 0) await this.runOnce('backup', config.backupIntervalHours * HOUR_MS, () => this.backup());
    await this.runOnce('retention', HOUR_MS, () => this.retention());
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((error: unknown) => {
          this.deps.logger.error('ops scheduler tick failed', { error });
        })
        .finally(() => {
          this.running = undefined;
          this.schedule(this.deps.tickMs ?? TICK_MS);
        });
    }, delay);
    this.timer.unref();
  }

  private async runOnce(job: string, periodMs: number, run: () => Promise<void>): Promise<void> {
    const now = (this.deps.clock ?? (() => new Date()))();
    const slot = Math.floor(now.getTime() / periodMs);
    try {
      await this.deps.db.collection('ops_runs').insertOne({ _id: `${job}:${slot}` as never, job, at: now });
    } catch (error) {
      if ((error as { code?: number }).code === 11000) return; // this slot ran (or runs) elsewhere
      throw error;
    }
    try {
      await run();
    } catch (error) {
      this.deps.logger.error(`scheduled ${job} failed`, { error });
    }
  }

  private async backup(): Promise<void> {
    const result = await runBackupJob({ client: this.deps.db.getClient(), config: this.deps.config, now: this.deps.clock?.() });
    const log = result.verification?.ok === false ? 'error' : 'info';
    this.deps.logger[log](`scheduled backup: ${describeBackup(result)}`, { backup: result.id });
  }

  private async retention(): Promise<void> {
    const report = await applyRetention({ db: this.deps.db, models: this.deps.models, settings: this.deps.config, now: (this.deps.clock ?? (() => new Date()))() });
    const meta = { auditEvents: report.auditEvents, purgedClones: report.purgedClones, cloneUsers: report.cloneUsers, alerts: report.alerts, errors: report.errors };
    if (report.errors.length > 0) this.deps.logger.error('retention pass had errors', meta);
    else this.deps.logger.info(retentionRemovedAnything(report) ? 'retention removed old data' : 'retention: nothing to remove', meta);
  }
}

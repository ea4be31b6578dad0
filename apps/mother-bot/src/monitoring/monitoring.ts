import type { Connection } from 'mongoose';
import {
  alertModel,
  errorRecordModel,
  HOUR_MS,
  subscriptionPolicy,
  type AlertDoc,
  type AlertModel,
  type AppConfig,
  type ErrorRecordModel,
  type HealthCheck,
  type Logger,
  type PlatformModels,
} from '@motherbot/core';
import { backupDirOf, listBackups } from '@motherbot/ops';
import type { ReconcileReport } from '../cloneManager/cloneManager';
import { AlertManager, type AlertManagerOptions, type SendAlert } from './alertManager';
import { observe } from './alertTexts';
import { ErrorTracker } from './errorTracker';
import { HealthService, type Readiness } from './healthService';
import { MotherMetrics } from './metrics';
import { PREFIX, cloneObservations, cloneRules, subscriptionObservations, systemObservations } from './observations';
import { takeSnapshot, type PlatformSnapshot } from './platformSnapshot';
import { MinuteSamples, type MinuteSample } from './samples';
import { WatchLoop } from './watchLoop';

/** The part of the clone manager monitoring listens to. */
export interface ReconcileSource {
  on(event: 'reconciled', listener: (report: ReconcileReport) => void): unknown;
  off(event: 'reconciled', listener: (report: ReconcileReport) => void): unknown;
  lastReport?: ReconcileReport;
}

export interface MonitoringOptions {
  config: AppConfig;
  logger: Logger;
  connection: Connection;
  models: PlatformModels;
  /** Sends an alert to one admin (the mother bot's sendMessage with HTML). */
  send: SendAlert;
  /** Each admin's texts for alerts (English when absent). */
  textsFor?: AlertManagerOptions['textsFor'];
  pm2Reach: () => Promise<unknown>;
  botPolling: () => boolean | 'standby';
  manager?: ReconcileSource;
  /** Several hosts: this host's id and whether it is fenced now (metrics per host). */
  host?: { hostId: string; fenced(): boolean };
  clock?: () => Date;
  /** Default process metrics of prom-client (off in tests that build many instances). */
  defaultMetrics?: boolean;
}

/** One clone's row on the status page. */
export interface CloneRow {
  id: string;
  bot: string;
  status: string;
  memoryBytes: number;
  lastHeartbeatAt: string | null;
  updates: number;
  errors: number;
  restarts: number;
  subscription: string;
  expiresAt: string | null;
}

/** What the status page and `/status.json` show. */
export interface StatusReport {
  at: string;
  status: 'ok' | 'warn' | 'fail';
  ready: boolean;
  checks: HealthCheck[];
  clones: CloneRow[];
  alerts: Array<Pick<AlertDoc, '_id' | 'severity' | 'summary'> & { since: string }>;
  errors: Array<{ kind: string; place: string; count: number; lastAt: string; lastMessage: string; process: string; cloneId: string | null; updateType: string | null }>;
  samples: MinuteSample[];
}

/**
 * The mother's monitoring: probes, metrics, watchers and alerts, error tracking and the samples
 * behind the status page's charts. Built once by the runtime; `start` begins watching, `stop`
 * ends it (the HTTP server is separate: http/statusServer.ts).
 */
export class Monitoring {
  readonly metrics: MotherMetrics;
  readonly health: HealthService;
  readonly alerts: AlertManager;
  readonly errors: ErrorTracker;
  readonly samples = new MinuteSamples(60);
  readonly loop: WatchLoop;
  private readonly Alert: AlertModel;
  private readonly ErrorRecord: ErrorRecordModel;
  private readonly clock: () => Date;
  private lastReconcileAt?: Date;
  private readonly onReconciled = (report: ReconcileReport): void => {
    this.lastReconcileAt = this.clock();
    this.metrics.reconcileDuration.observe(report.durationMs / 1000);
    this.metrics.reconcileLast.set(this.lastReconcileAt.getTime() / 1000);
    if (report.errors > 0) this.metrics.reconcileErrors.inc(report.errors);
  };

  constructor(private readonly options: MonitoringOptions) {
    const { config, logger, connection } = options;
    this.clock = options.clock ?? (() => new Date());
    this.Alert = alertModel(connection);
    this.ErrorRecord = errorRecordModel(connection);
    this.metrics = new MotherMetrics({
      defaultMetrics: options.defaultMetrics,
      limits: { cloneMaxMemoryBytes: config.cloneMaxMemoryMb * 2 ** 20, heartbeatIntervalSeconds: config.heartbeatIntervalMs / 1000 },
    });
    this.health = new HealthService({
      config,
      connection,
      pm2Reach: options.pm2Reach,
      botPolling: options.botPolling,
      lastReconcileAt: () => this.lastReconcileAt,
      clock: this.clock,
    });
    this.alerts = new AlertManager({
      model: this.Alert,
      adminIds: config.adminIds,
      send: options.send,
      textsFor: options.textsFor,
      logger,
      cooldownMs: config.alertCooldownMin * 60_000,
      clock: this.clock,
      metrics: this.metrics,
    });
    this.errors = new ErrorTracker(this.ErrorRecord, this.alerts, this.clock);
    this.loop = new WatchLoop(() => this.watch(), config.watchIntervalMs, logger);
  }

  /** Creates its indexes, starts recording errors, follows the reconcile loop and starts watching. */
  async start(): Promise<void> {
    await this.ensureIndexes();
    this.errors.attach(this.options.logger);
    this.options.manager?.on('reconciled', this.onReconciled);
    if (this.options.manager?.lastReport) this.lastReconcileAt = this.clock();
    this.health.start();
    this.loop.start();
  }

  /** Creates the indexes of `alerts` and `error_records` (autoIndex is off). */
  async ensureIndexes(): Promise<void> {
    await this.Alert.createIndexes();
    await this.ErrorRecord.createIndexes();
  }

  /** Stops watching and recording (waits for the pass and the error writes in flight). */
  async stop(): Promise<void> {
    await this.loop.stop();
    this.options.manager?.off('reconciled', this.onReconciled);
    this.health.stop();
    await this.errors.detach(this.options.logger);
  }

  /**
   * One watch pass: the database first (if it is away, only that is reported, from memory),
   * then the system, the clones, the subscriptions and new kinds of error; then a chart sample.
   */
  async watch(): Promise<void> {
    const { config, models, logger } = this.options;
    const database = await this.health.database();
    this.metrics.applyChecks([database]);
    // Only the mother holding the clone-manager lease alerts: alert documents then have a single
    // writer, which FerretDB needs (it applies guarded updates as read-then-replace), and two
    // mothers started by mistake never both tell the admins.
    const alerting = this.options.manager?.lastReport?.leaseHeld !== false;
    if (!alerting) {
      this.samples.record(this.clock(), { motherRss: process.memoryUsage.rss(), clones: [] });
      return;
    }
    if (database.status === 'fail') {
      await this.alerts.fireVolatile(observe(`${PREFIX.database}unreachable`, 'critical', 'alerts.databaseDown', { message: database.message }));
      return;
    }
    await this.alerts.resolveVolatile(`${PREFIX.database}unreachable`);
    const step = async (what: string, work: () => Promise<unknown>): Promise<void> => {
      // warn, not error: an error line would be recorded as an error kind by our own tracker.
      await work().catch((error: unknown) => logger.warn(`watcher failed: ${what}`, { error }));
    };
    await step('database', () =>
      this.alerts.set(
        `${PREFIX.database}slow`,
        database.status === 'warn' ? observe(`${PREFIX.database}slow`, 'warning', 'alerts.databaseSlow', database.figures) : null,
      ),
    );
    await step('system', async () => {
      const checks = await this.health.system();
      this.metrics.applyChecks(checks);
      await this.alerts.reconcile(PREFIX.system, systemObservations(checks));
    });
    let snapshot: PlatformSnapshot | undefined;
    await step('clones', async () => {
      snapshot = await takeSnapshot(models, subscriptionPolicy(config), this.clock());
      this.metrics.applySnapshot(snapshot);
      // Until the manager's first pass, the clones' state is the last mother's: a worker it has
      // not restarted yet would look stale (and the alerts of the clones are left as they are).
      if (!this.options.manager || this.options.manager.lastReport) {
        await this.alerts.reconcile(PREFIX.clone, cloneObservations(snapshot, cloneRules(config)));
      }
      await this.alerts.reconcile(PREFIX.subscription, subscriptionObservations(snapshot, config.alertExpiringHours * HOUR_MS));
    });
    await step('errors', () => this.errors.announceNewKinds());
    this.samples.record(this.clock(), {
      motherRss: process.memoryUsage.rss(),
      clones: (snapshot?.clones ?? []).map((c) => ({ id: c.clone._id, memoryBytes: c.heartbeat?.memoryBytes ?? 0, updates: c.heartbeat?.updates ?? 0 })),
    });
  }

  readiness(): Promise<Readiness> {
    return this.health.readiness();
  }

  /**
   * /metrics: fresh readiness checks, platform series and backups, then the exposition text.
   * The system checks (CPU, memory, disk, event loop) come from the watch passes: probing them
   * here too would split the event-loop window the watcher alerts on.
   */
  async metricsText(): Promise<{ contentType: string; body: string }> {
    const { config, models, logger } = this.options;
    const readiness = await this.health.readiness();
    this.metrics.applyChecks(readiness.checks);
    if (readiness.checks.find((c) => c.name === 'database')?.status !== 'fail') {
      this.metrics.applySnapshot(await takeSnapshot(models, subscriptionPolicy(config), this.clock()));
      this.metrics.applyErrorTotals(await this.errors.totals());
      if (this.options.host) await this.applyHosts(this.options.host);
    }
    try {
      this.metrics.applyBackups(listBackups(backupDirOf(config)));
    } catch (error) {
      logger.warn('metrics: backups not readable', { error });
    }
    return this.metrics.render();
  }

  /** Several hosts: three small collections (one document per host, per clone, per role), read whole. */
  private async applyHosts(host: { hostId: string; fenced(): boolean }): Promise<void> {
    const { models } = this.options;
    const [hosts, placements, leases] = await Promise.all([models.Host.find({}).lean(), models.Placement.find({}, { hostId: 1 }).lean(), models.FencedLease.find({}).lean()]);
    const now = this.clock().getTime();
    this.metrics.applyHosts(
      hosts.map((h) => ({ hostId: h._id, clones: placements.filter((p) => p.hostId === h._id).length, beatAgeSecs: Math.max(0, (now - new Date(h.beatAt).getTime()) / 1000), draining: h.draining })),
      { hostId: host.hostId, roles: leases.filter((l) => l.holder === host.hostId).map((l) => l._id), fenced: host.fenced() },
    );
  }

  /** Everything the status page shows. Works (with less in it) while the database is away. */
  async status(): Promise<StatusReport> {
    const { config, models } = this.options;
    const { status, checks } = await this.health.all();
    const report: StatusReport = {
      at: this.clock().toISOString(),
      status,
      ready: checks.filter((c) => ['database', 'botPolling', 'pm2', 'reconcile'].includes(c.name)).every((c) => c.status !== 'fail'),
      checks,
      clones: [],
      alerts: [],
      errors: [],
      samples: this.samples.list(),
    };
    report.alerts = this.alerts.volatileKeys().map((key) => ({ _id: key, severity: 'critical' as const, summary: 'the database does not answer', since: report.at }));
    if (checks.find((c) => c.name === 'database')?.status === 'fail') return report;
    const [snapshot, alerts, errors] = await Promise.all([
      takeSnapshot(models, subscriptionPolicy(config), this.clock()),
      this.Alert.find({ state: 'firing' }).sort({ since: -1 }).limit(50).lean<AlertDoc[]>(),
      this.errors.recent(10),
    ]);
    report.clones = snapshot.clones.map(({ clone, heartbeat, subscription, subscriptionState }) => ({
      id: clone._id,
      bot: clone.botUsername,
      status: clone.status,
      memoryBytes: heartbeat?.memoryBytes ?? clone.runtime?.memoryBytes ?? 0,
      lastHeartbeatAt: heartbeat ? heartbeat.at.toISOString() : null,
      updates: heartbeat?.updates ?? 0,
      errors: heartbeat?.errorCount ?? 0,
      restarts: clone.runtime?.restarts ?? 0,
      subscription: subscriptionState,
      expiresAt: subscription ? subscription.expiresAt.toISOString() : null,
    }));
    report.alerts = [
      ...report.alerts,
      ...alerts.map((a) => ({ _id: a._id, severity: a.severity, summary: a.summary, since: a.since.toISOString() })),
    ];
    report.errors = errors.map((r) => {
      const s = r.samples.at(-1);
      return {
        kind: r.kind,
        place: r.place,
        count: r.count,
        lastAt: r.lastAt.toISOString(),
        lastMessage: r.lastMessage,
        process: s?.process ?? '',
        cloneId: s?.cloneId ?? null,
        updateType: s?.updateType ?? null,
      };
    });
    return report;
  }
}

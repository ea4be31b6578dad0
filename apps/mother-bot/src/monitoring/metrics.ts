import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BroadcastProgress, HealthCheck } from '@motherbot/core';
import type { StoredBackup } from '@motherbot/ops';
import type { PlatformSnapshot } from './platformSnapshot';
import { ReportedTotals } from './reportedTotals';
import { WEBHOOK_OUTCOMES } from '../webhooks/webhookOutcomes';

const CLONE_STATUSES = ['pending', 'starting', 'running', 'stopped', 'errored', 'token_invalid', 'crash_loop'] as const;
const SUBSCRIPTION_STATES = ['trial', 'active', 'grace', 'expired', 'none'] as const;
const CHECK_STATES = ['ok', 'warn', 'fail'] as const;
const UNDELIVERED = ['blocked', 'failed', 'unknown'] as const;
const LIVE_BROADCASTS = ['running', 'paused'] as const;
const SEVERITIES = ['info', 'warning', 'critical'] as const;
const NOTICES = ['firing', 'reminder', 'recovered'] as const;
const HOST_STATES = ['active', 'draining', 'fenced'] as const;

/** Settings the alert rules compare with, exported so the rules need no copy of them. */
export interface MetricLimits {
  cloneMaxMemoryBytes: number;
  heartbeatIntervalSeconds: number;
}

/**
 * The mother's Prometheus metrics, in a registry of its own (no global state, so tests and two
 * runtimes in one process never collide). Conventions: counters end in `_total` and only go
 * up; names carry their unit; states are labels with a 1/0 value, never numbers; process
 * metrics under prom-client's standard names (`process_*`, `nodejs_*`). Every metric, its
 * labels and cardinality: docs/monitoring.md; the rules and dashboard over them are checked
 * against a real scrape by test/monitoringContract.test.ts.
 */
export class MotherMetrics {
  readonly registry = new Registry();
  private readonly gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [this.registry] });
  private readonly counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [this.registry] });

  readonly clones = this.gauge('motherbot_clones', 'Clones (not deleted) by the status the clone manager last recorded.', ['status']);
  readonly cloneStatus = this.gauge('motherbot_clone_status', 'One series per clone (not deleted), value 1, labelled with its current status.', ['clone', 'bot', 'status']);
  readonly cloneUpdates = this.counter('motherbot_clone_updates_total', "Updates handled by a clone's workers (fed from their heartbeats; a worker restart does not lower it).", ['clone']);
  readonly cloneErrors = this.counter('motherbot_clone_errors_total', "Errors logged by a clone's workers (fed from their heartbeats).", ['clone']);
  readonly cloneRestarts = this.counter('motherbot_clone_restarts_total', "PM2 restarts of a clone's worker (crash, memory cap, restart asked for).", ['clone']);
  readonly cloneMemory = this.gauge('motherbot_clone_memory_bytes', 'Resident memory of a clone worker (from its heartbeat).', ['clone']);
  readonly cloneHeartbeatAge = this.gauge('motherbot_clone_heartbeat_age_seconds', 'Seconds since a clone worker last wrote its heartbeat.', ['clone']);
  readonly cloneMemoryLimit = this.gauge('motherbot_clone_memory_limit_bytes', 'CLONE_MAX_MEMORY_MB: PM2 restarts a clone worker above it.');
  readonly heartbeatInterval = this.gauge('motherbot_clone_heartbeat_interval_seconds', 'HEARTBEAT_INTERVAL_MS: how often a clone worker writes its heartbeat.');
  readonly subscriptions = this.gauge('motherbot_subscriptions', 'Clones (not deleted) by subscription state.', ['state']);
  readonly reconcileDuration = new Histogram({
    name: 'motherbot_reconcile_duration_seconds',
    help: 'Duration of a clone-manager reconcile pass.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly reconcileErrors = this.counter('motherbot_reconcile_errors_total', 'Failed actions or passes of the reconcile loop.');
  readonly reconcileLast = this.gauge('motherbot_reconcile_last_run_timestamp_seconds', 'When the last reconcile pass ended (unix time).');
  readonly databaseLatency = new Histogram({
    name: 'motherbot_database_ping_seconds',
    help: "Round trip of a `ping` on the mother's database pool.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly healthCheck = this.gauge('motherbot_health_check_status', 'Health probes: 1 for the state a probe is in (ok, warn, fail), 0 for the other two.', ['check', 'state']);
  readonly diskFree = this.gauge('motherbot_disk_free_bytes', 'Free space of the file system under DATA_DIR (data) and LOG_DIR (logs).', ['dir']);
  readonly broadcastSent = this.counter('motherbot_broadcast_messages_sent_total', 'Broadcast messages this process sent.', ['scope']);
  readonly broadcastUndelivered = this.counter(
    'motherbot_broadcast_messages_undelivered_total',
    'Broadcast recipients this process did not deliver to: blocked (403), failed (other error), unknown (the process died mid-send).',
    ['scope', 'outcome'],
  );
  readonly broadcastPending = this.gauge('motherbot_broadcast_recipients_pending', 'Recipients not yet tried by the broadcasts running in this process.', ['scope']);
  readonly broadcasts = this.gauge('motherbot_broadcasts', 'Broadcasts this process runs or has paused, by status.', ['scope', 'status']);
  readonly alertsSent = this.counter('motherbot_alerts_sent_total', 'Alert notices sent to the admins by severity and kind (firing, reminder, recovered).', ['severity', 'notice']);
  readonly errorKinds = this.gauge('motherbot_error_kinds', 'Distinct kinds of error in the error records.');
  readonly errorsRecorded = this.counter('motherbot_errors_recorded_total', 'Errors recorded by all processes, over all kinds (fed from the error records).');
  readonly backupLast = this.gauge('motherbot_backup_last_success_timestamp_seconds', 'When the newest complete backup was taken (unix time; 0 when there is none).');
  readonly backupVerified = this.gauge('motherbot_backup_last_verified_timestamp_seconds', 'When the newest backup that passed `backup:verify` was taken (unix time; 0 when there is none).');

  readonly hostClones = this.gauge('motherbot_host_clones', 'Several hosts: clones placed on each host.', ['host']);
  readonly hostBeatAge = this.gauge('motherbot_host_beat_age_seconds', "Several hosts: seconds since each host last wrote its beat, by the wall clocks (for people: the platform decides on each process's own clock).", ['host']);
  readonly hostStatus = this.gauge(
    'motherbot_host_status',
    'Several hosts: one series at 1 per host for its state: active, draining, or fenced (only the host serving these metrics knows it is fenced: its beats do not reach the database and its workers are stopped).',
    ['host', 'status'],
  );
  readonly webhookRequests = this.counter(
    'motherbot_webhook_requests_total',
    "Webhook mode: requests to this host's ingress by outcome (delivered, not_found, unauthorized, bad_request, method_not_allowed, too_large, unavailable, timeout, failed).",
    ['outcome'],
  );
  readonly hostRoleStatus = this.gauge('motherbot_host_role_status', 'Several hosts: per role (coordinator, mother-bot), one series at 1: held by the host serving these metrics, or standby.', ['role', 'status']);

  private readonly updatesFeed = new ReportedTotals(this.cloneUpdates, { firstSeen: 'count', lower: 'restarted' });
  private readonly errorsFeed = new ReportedTotals(this.cloneErrors, { firstSeen: 'count', lower: 'restarted' });
  private readonly restartsFeed = new ReportedTotals(this.cloneRestarts, { firstSeen: 'count', lower: 'restarted' });
  private readonly recordedFeed = new ReportedTotals(this.errorsRecorded, { firstSeen: 'count', lower: 'shrank' });
  private readonly sentFeed = new ReportedTotals(this.broadcastSent, { firstSeen: 'baseline', lower: 'shrank' });
  private readonly undeliveredFeed = new ReportedTotals(this.broadcastUndelivered, { firstSeen: 'baseline', lower: 'shrank' });
  /** The live broadcasts of each scope, by id: what the pending and status gauges sum. */
  private readonly liveBroadcasts = new Map<string, Map<string, BroadcastProgress>>();

  /**
   * `broadcastScopes`: who feeds {@link recordBroadcast} (the mother's own `mother`); their
   * series start at 0, like every series whose labels are known, so `rate()` and the alert
   * rules see them before the first broadcast or alert.
   */
  constructor(options: { defaultMetrics?: boolean; limits?: MetricLimits; broadcastScopes?: readonly string[] } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry });
    this.cloneMemoryLimit.set(options.limits?.cloneMaxMemoryBytes ?? 0);
    this.heartbeatInterval.set(options.limits?.heartbeatIntervalSeconds ?? 0);
    this.errorKinds.set(0);
    this.errorsRecorded.inc(0);
    this.backupLast.set(0);
    this.backupVerified.set(0);
    for (const severity of SEVERITIES) for (const notice of NOTICES) this.alertsSent.inc({ severity, notice }, 0);
    for (const outcome of WEBHOOK_OUTCOMES) this.webhookRequests.inc({ outcome }, 0);
    for (const scope of options.broadcastScopes ?? ['mother']) {
      this.broadcastSent.inc({ scope }, 0);
      for (const outcome of UNDELIVERED) this.broadcastUndelivered.inc({ scope, outcome }, 0);
      this.broadcastPending.set({ scope }, 0);
      for (const status of LIVE_BROADCASTS) this.broadcasts.set({ scope, status }, 0);
    }
  }

  /** Per-clone series and per-state counts from a snapshot; deleted clones lose their series. */
  applySnapshot(snapshot: PlatformSnapshot): void {
    for (const g of [this.cloneStatus, this.cloneMemory, this.cloneHeartbeatAge]) g.reset();
    const byStatus = new Map<string, number>(CLONE_STATUSES.map((s) => [s, 0]));
    const byState = new Map<string, number>(SUBSCRIPTION_STATES.map((s) => [s, 0]));
    const present = new Set<string>();
    for (const { clone, heartbeat, subscriptionState } of snapshot.clones) {
      present.add(clone._id);
      byStatus.set(clone.status, (byStatus.get(clone.status) ?? 0) + 1);
      byState.set(subscriptionState, (byState.get(subscriptionState) ?? 0) + 1);
      const labels = { clone: clone._id };
      this.cloneStatus.set({ ...labels, bot: clone.botUsername, status: clone.status }, 1);
      // PM2's restart count belongs to one process (pm_id); a new process counts from 0.
      this.restartsFeed.report(clone._id, labels, clone.runtime?.restarts ?? 0, String(clone.runtime?.pmId ?? ''));
      if (heartbeat) {
        const worker = `${heartbeat.pid}@${new Date(heartbeat.startedAt).getTime()}`;
        this.updatesFeed.report(clone._id, labels, heartbeat.updates, worker);
        this.errorsFeed.report(clone._id, labels, heartbeat.errorCount, worker);
        this.cloneMemory.set(labels, heartbeat.memoryBytes);
        this.cloneHeartbeatAge.set(labels, Math.max(0, (snapshot.at.getTime() - heartbeat.at.getTime()) / 1000));
      }
    }
    for (const feed of [this.updatesFeed, this.errorsFeed, this.restartsFeed]) {
      for (const stream of feed.streams()) if (!present.has(stream)) feed.forget(stream, { removeSeries: true });
    }
    for (const [status, n] of byStatus) this.clones.set({ status }, n);
    for (const [state, n] of byState) this.subscriptions.set({ state }, n);
  }

  /** Several hosts: the hosts as the database shows them, and this host's own roles and fence. */
  applyHosts(hosts: ReadonlyArray<{ hostId: string; clones: number; beatAgeSecs: number; draining: boolean }>, own: { hostId: string; roles: readonly string[]; fenced: boolean }): void {
    for (const g of [this.hostClones, this.hostBeatAge, this.hostStatus]) g.reset();
    for (const h of hosts) {
      this.hostClones.set({ host: h.hostId }, h.clones);
      this.hostBeatAge.set({ host: h.hostId }, h.beatAgeSecs);
      const state = h.hostId === own.hostId && own.fenced ? 'fenced' : h.draining ? 'draining' : 'active';
      for (const status of HOST_STATES) this.hostStatus.set({ host: h.hostId, status }, status === state ? 1 : 0);
    }
    for (const role of ['coordinator', 'mother-bot']) {
      const held = own.roles.includes(role);
      this.hostRoleStatus.set({ role, status: 'held' }, held ? 1 : 0);
      this.hostRoleStatus.set({ role, status: 'standby' }, held ? 0 : 1);
    }
  }

  /** Probe results: one series per check and state, plus latency and disk where measured. */
  applyChecks(checks: readonly HealthCheck[]): void {
    for (const c of checks) {
      for (const state of CHECK_STATES) this.healthCheck.set({ check: c.name, state }, c.status === state ? 1 : 0);
      if (c.name === 'database' && c.value !== undefined) this.databaseLatency.observe(c.value / 1000);
      if (c.name.startsWith('disk:') && c.value !== undefined) this.diskFree.set({ dir: c.name.slice(5) }, c.value);
    }
  }

  /** Totals of the error records (read at each scrape). */
  applyErrorTotals(totals: { kinds: number; count: number }): void {
    this.errorKinds.set(totals.kinds);
    this.recordedFeed.report('all', {}, totals.count);
  }

  /** The backups on disk, newest first (`listBackups`). */
  applyBackups(backups: readonly StoredBackup[]): void {
    const seconds = (b: StoredBackup | undefined): number => (b ? Date.parse(b.summary.createdAt) / 1000 : 0);
    this.backupLast.set(seconds(backups[0]));
    this.backupVerified.set(seconds(backups.find((b) => b.verification?.ok)));
  }

  /**
   * The broadcast engine's hook: pass each `progress` event (`engine.on('progress', p =>
   * metrics.recordBroadcast('mother', p))`). A runner's first event comes before it sends, so
   * only what this process sends is counted, also for a broadcast resumed after a restart.
   */
  recordBroadcast(scope: string, p: BroadcastProgress): void {
    this.sentFeed.report(`${p.broadcastId}:sent`, { scope }, p.sent);
    for (const outcome of UNDELIVERED) this.undeliveredFeed.report(`${p.broadcastId}:${outcome}`, { scope, outcome }, p[outcome]);
    const live = this.liveBroadcasts.get(scope) ?? new Map<string, BroadcastProgress>();
    this.liveBroadcasts.set(scope, live);
    if (p.status === 'running' || p.status === 'paused') live.set(p.broadcastId, p);
    else {
      live.delete(p.broadcastId);
      this.sentFeed.forget(`${p.broadcastId}:sent`);
      for (const outcome of UNDELIVERED) this.undeliveredFeed.forget(`${p.broadcastId}:${outcome}`);
    }
    const all = [...live.values()];
    this.broadcastPending.set({ scope }, all.filter((b) => b.status === 'running').reduce((sum, b) => sum + b.pending, 0));
    for (const status of LIVE_BROADCASTS) this.broadcasts.set({ scope, status }, all.filter((b) => b.status === status).length);
  }

  /** Text exposition for /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

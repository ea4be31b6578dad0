import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { BroadcastProgress, HealthCheck } from '@motherbot/core';
import type { PlatformSnapshot } from './platformSnapshot';

const CLONE_STATUSES = ['pending', 'starting', 'running', 'stopped', 'errored', 'token_invalid', 'crash_loop'] as const;
const SUBSCRIPTION_STATES = ['trial', 'active', 'grace', 'expired', 'none'] as const;

/**
 * The mother's Prometheus metrics, in a registry of its own (no global state, so tests and two
 * runtimes in one process never collide). Names and meanings: docs/monitoring.md.
 * Gauges about the platform are set from a snapshot right before each scrape.
 */
export class MotherMetrics {
  readonly registry = new Registry();
  private readonly gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Gauge<L>({ name, help, labelNames, registers: [this.registry] });

  readonly clones = this.gauge('motherbot_clones', 'Clones (not deleted) by status as last observed by the clone manager.', ['status']);
  readonly cloneUpdates = this.gauge('motherbot_clone_updates', 'Updates handled by a clone worker since it started (from its heartbeat; resets when the worker restarts: use increase()).', ['clone']);
  readonly cloneErrors = this.gauge('motherbot_clone_errors', 'Errors of a clone worker since it started (from its heartbeat; resets on restart).', ['clone']);
  readonly cloneMemory = this.gauge('motherbot_clone_memory_bytes', 'Resident memory of a clone worker (heartbeat).', ['clone']);
  readonly cloneHeartbeatAge = this.gauge('motherbot_clone_heartbeat_age_seconds', 'Seconds since a clone worker last wrote its heartbeat.', ['clone']);
  readonly cloneRestarts = this.gauge('motherbot_clone_restarts', 'PM2 restarts of the current worker process of a clone.', ['clone']);
  readonly subscriptions = this.gauge('motherbot_subscriptions', 'Clones (not deleted) by subscription state.', ['state']);
  readonly reconcileDuration = new Histogram({
    name: 'motherbot_reconcile_duration_seconds',
    help: 'Duration of a clone-manager reconcile pass.',
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly reconcileErrors = new Counter({ name: 'motherbot_reconcile_errors_total', help: 'Failed actions or passes of the reconcile loop.', registers: [this.registry] });
  readonly reconcileLast = this.gauge('motherbot_reconcile_last_run_timestamp_seconds', 'When the last reconcile pass ended (unix time).');
  readonly databaseLatency = new Histogram({
    name: 'motherbot_database_ping_seconds',
    help: "Round trip of a `ping` on the mother's database pool.",
    buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly healthCheck = this.gauge('motherbot_health_check', 'Result of a health probe: 1 ok, 0.5 warn, 0 fail.', ['check']);
  readonly diskFree = this.gauge('motherbot_disk_free_bytes', 'Free space of the file system under DATA_DIR (data) and LOG_DIR (logs).', ['dir']);
  readonly eventLoopLag = this.gauge('motherbot_event_loop_lag_seconds', "p99 event-loop delay of the mother since the previous probe.");
  readonly broadcast = this.gauge('motherbot_broadcast_recipients', 'Recipients of a broadcast in progress by outcome (pending, sent, blocked, failed, unknown).', ['scope', 'broadcast', 'outcome']);
  readonly broadcastRate = this.gauge('motherbot_broadcast_rate', 'Messages per second a broadcast in progress sends.', ['scope', 'broadcast']);
  readonly alertsSent = new Counter({ name: 'motherbot_alerts_sent_total', help: 'Alert notices sent to the admins by severity and kind (firing, reminder, recovered).', labelNames: ['severity', 'notice'], registers: [this.registry] });
  readonly errorKinds = this.gauge('motherbot_error_kinds', 'Distinct kinds of error recorded (error tracking).');
  readonly errorsRecorded = this.gauge('motherbot_errors_recorded', 'Errors recorded by all processes, over all kinds.');

  constructor(options: { defaultMetrics?: boolean } = {}) {
    if (options.defaultMetrics !== false) collectDefaultMetrics({ register: this.registry, prefix: 'motherbot_mother_' });
  }

  /** Per-clone and per-state gauges from a snapshot; clones that disappeared lose their series. */
  applySnapshot(snapshot: PlatformSnapshot): void {
    for (const g of [this.cloneUpdates, this.cloneErrors, this.cloneMemory, this.cloneHeartbeatAge, this.cloneRestarts]) g.reset();
    const byStatus = new Map<string, number>(CLONE_STATUSES.map((s) => [s, 0]));
    const byState = new Map<string, number>(SUBSCRIPTION_STATES.map((s) => [s, 0]));
    for (const { clone, heartbeat, subscriptionState } of snapshot.clones) {
      byStatus.set(clone.status, (byStatus.get(clone.status) ?? 0) + 1);
      byState.set(subscriptionState, (byState.get(subscriptionState) ?? 0) + 1);
      const labels = { clone: clone._id };
      this.cloneRestarts.set(labels, clone.runtime?.restarts ?? 0);
      if (heartbeat) {
        this.cloneUpdates.set(labels, heartbeat.updates);
        this.cloneErrors.set(labels, heartbeat.errorCount);
        this.cloneMemory.set(labels, heartbeat.memoryBytes);
        this.cloneHeartbeatAge.set(labels, Math.max(0, (snapshot.at.getTime() - heartbeat.at.getTime()) / 1000));
      }
    }
    for (const [status, n] of byStatus) this.clones.set({ status }, n);
    for (const [state, n] of byState) this.subscriptions.set({ state }, n);
  }

  /** Probe results: one series per check, plus latency, disk and lag where measured. */
  applyChecks(checks: readonly HealthCheck[]): void {
    for (const c of checks) {
      this.healthCheck.set({ check: c.name }, c.status === 'ok' ? 1 : c.status === 'warn' ? 0.5 : 0);
      if (c.name === 'database' && c.value !== undefined) this.databaseLatency.observe(c.value / 1000);
      if (c.name.startsWith('disk:') && c.value !== undefined) this.diskFree.set({ dir: c.name.slice(5) }, c.value);
      if (c.name === 'eventLoop' && c.value !== undefined) this.eventLoopLag.set(c.value / 1000);
    }
  }

  /**
   * The broadcast engine's hook: pass each `progress` event (`engine.on('progress', p =>
   * metrics.recordBroadcast('mother', p))`). Finished broadcasts drop their series.
   */
  recordBroadcast(scope: string, p: BroadcastProgress): void {
    const ids = { scope, broadcast: p.broadcastId };
    if (p.status === 'completed' || p.status === 'cancelled') {
      for (const outcome of ['pending', 'sent', 'blocked', 'failed', 'unknown']) this.broadcast.remove({ ...ids, outcome });
      this.broadcastRate.remove(ids);
      return;
    }
    for (const [outcome, n] of Object.entries({ pending: p.pending, sent: p.sent, blocked: p.blocked, failed: p.failed, unknown: p.unknown })) {
      this.broadcast.set({ ...ids, outcome }, n);
    }
    this.broadcastRate.set(ids, p.rate);
  }

  /** Text exposition for /metrics. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

import type { Connection } from 'mongoose';
import {
  EventLoopLagMonitor,
  overallStatus,
  probeCpuLoad,
  probeDatabase,
  probeDisk,
  probeMemory,
  probePm2,
  type AppConfig,
  type HealthCheck,
} from '@motherbot/core';

export interface HealthServiceOptions {
  config: AppConfig;
  connection: Connection;
  /** Reaches the PM2 daemon (the mother passes `() => pm2.list()`). */
  pm2Reach: () => Promise<unknown>;
  /** Whether the mother bot is polling Telegram now; 'standby' on a host of several that leaves it to the leader. */
  botPolling: () => boolean | 'standby';
  /** When the clone manager last finished a reconcile pass (undefined: never yet). */
  lastReconcileAt: () => Date | undefined;
  clock: () => Date;
}

export interface Readiness {
  ready: boolean;
  checks: HealthCheck[];
}

/** How long the database may take before it counts as unreachable. */
export const DATABASE_TIMEOUT_MS = 5000;

/** What the botPolling check says in each state of the mother bot's intake. */
const BOT_INTAKE = {
  standby: { status: 'ok', message: 'standby: another host polls the mother bot (this one takes over if it stops)' },
  webhook: { status: 'ok', message: 'the mother bot takes its updates by webhook (its webhook is set)' },
  polling: { status: 'ok', message: 'the mother bot is polling Telegram' },
  noWebhook: { status: 'fail', message: 'the mother bot has no webhook set' },
  notPolling: { status: 'fail', message: 'the mother bot is not polling' },
} as const satisfies Record<string, Pick<HealthCheck, 'status' | 'message'>>;

/**
 * The mother's probes, in the shapes its users need: readiness (what /readyz answers), system
 * checks (the watchers), and everything at once (`/health`, the status page).
 */
export class HealthService {
  private readonly lag = new EventLoopLagMonitor();

  constructor(private readonly options: HealthServiceOptions) {}

  start(): void {
    this.lag.start();
  }

  stop(): void {
    this.lag.stop();
  }

  database(): Promise<HealthCheck> {
    return probeDatabase(this.options.connection, { timeoutMs: DATABASE_TIMEOUT_MS, slowMs: this.options.config.alertDbSlowMs });
  }

  /** CPU, memory, disk under DATA_DIR and LOG_DIR, event-loop lag. */
  async system(): Promise<HealthCheck[]> {
    const { config } = this.options;
    const minFree = config.alertDiskFreePercent / 100;
    const [data, logs] = await Promise.all([probeDisk('data', config.dataDir, minFree), probeDisk('logs', config.logDir, minFree)]);
    return [probeCpuLoad(config.alertCpuLoadPercent / 100), probeMemory(config.alertMemoryPercent / 100), data, logs, this.lag.probe()];
  }

  /** Polling, PM2 and the reconcile loop (no I/O but PM2's list). */
  async runtime(): Promise<HealthCheck[]> {
    const { config, botPolling, lastReconcileAt, clock, pm2Reach } = this.options;
    const running = botPolling();
    const state = running === 'standby' ? 'standby' : running ? (config.webhookBaseUrl ? 'webhook' : 'polling') : config.webhookBaseUrl ? 'noWebhook' : 'notPolling';
    const { status, message } = BOT_INTAKE[state];
    const polling: HealthCheck = { name: 'botPolling', status, message, figures: { state } };
    const last = lastReconcileAt();
    const maxAgeMs = config.reconcileIntervalMs * 3;
    const ageMs = last ? clock().getTime() - last.getTime() : undefined;
    const reconcile: HealthCheck =
      ageMs === undefined
        ? { name: 'reconcile', status: 'fail', message: 'the reconcile loop has not run yet', figures: { state: 'never' } }
        : {
            name: 'reconcile',
            status: ageMs <= maxAgeMs ? 'ok' : 'fail',
            message: `last pass ${(ageMs / 1000).toFixed(1)} s ago (at most ${maxAgeMs / 1000} s)`,
            value: ageMs,
            unit: 'ms',
            figures: { seconds: (ageMs / 1000).toFixed(1), max: maxAgeMs / 1000 },
          };
    return [polling, await probePm2(pm2Reach), reconcile];
  }

  /** /readyz: the database answers, the bot polls, PM2 answers, the reconcile loop ran recently. */
  async readiness(): Promise<Readiness> {
    const [database, runtime] = await Promise.all([this.database(), this.runtime()]);
    const checks = [database, ...runtime];
    return { ready: checks.every((c) => c.status !== 'fail'), checks };
  }

  /** Every check (for `/health` and the status page). */
  async all(): Promise<{ status: ReturnType<typeof overallStatus>; checks: HealthCheck[] }> {
    const [readiness, system] = await Promise.all([this.readiness(), this.system()]);
    const checks = [...readiness.checks, ...system];
    return { status: overallStatus(checks), checks };
  }
}

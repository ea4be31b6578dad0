import { existsSync, promises as fs } from 'node:fs';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { Connection } from 'mongoose';

/**
 * Health probes: small, independent measurements of the process and what it depends on.
 * Each returns a {@link HealthCheck}; none throws. The mother's /readyz, /metrics, watchers and
 * the admins' `/health` all read the same probes. PM2 is reached through an injected function:
 * core knows nothing of PM2.
 */

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface HealthCheck {
  /** Stable name: `database`, `eventLoop`, `memory`, `disk:data`, `pm2`, … */
  name: string;
  status: CheckStatus;
  /** One line for a human (admin chat, status page). Never a secret. */
  message: string;
  /** The measured number, in the unit `unit` says (for metrics and charts). */
  value?: number;
  unit?: 'ms' | 'bytes' | 'ratio';
  /**
   * The figures `message` is written from, rounded as there, so that a chat can say the same in its
   * reader's language; absent when the message is an error's own text.
   */
  figures?: Readonly<Record<string, string | number>>;
}

/** Runs `work` with a time limit; rejects with `timed out after N ms` when it is exceeded. */
export async function withTimeout<T>(work: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * A `ping` round trip on the process's own connection (its pool: what the app really uses).
 * `fail` when it errors or exceeds `timeoutMs`, `warn` above `slowMs`.
 */
export async function probeDatabase(connection: Connection, opts: { timeoutMs?: number; slowMs?: number } = {}): Promise<HealthCheck> {
  const { timeoutMs = 2000, slowMs = 500 } = opts;
  const started = performance.now();
  try {
    const db = connection.db;
    if (connection.readyState !== 1 || !db) return { name: 'database', status: 'fail', message: 'not connected' };
    await withTimeout(db.command({ ping: 1 }), timeoutMs, 'ping');
    const ms = performance.now() - started;
    return {
      name: 'database',
      status: ms > slowMs ? 'warn' : 'ok',
      message: `ping ${ms.toFixed(1)} ms${ms > slowMs ? ` (slow: over ${slowMs} ms)` : ''}`,
      value: ms,
      figures: { ms: ms.toFixed(1), slowMs },
      unit: 'ms',
    };
  } catch (error) {
    return { name: 'database', status: 'fail', message: message(error) };
  }
}

/**
 * Event-loop delay, measured continuously by Node's histogram (no timers of our own).
 * `probe()` reports the p99 since the previous probe and resets the window.
 */
export class EventLoopLagMonitor {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });

  constructor(private readonly warnMs = 200) {}

  start(): this {
    this.histogram.enable();
    return this;
  }

  stop(): void {
    this.histogram.disable();
  }

  probe(): HealthCheck {
    const ms = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
    this.histogram.reset();
    const status = ms > this.warnMs ? 'warn' : 'ok';
    return { name: 'eventLoop', status, message: `p99 lag ${ms.toFixed(1)} ms`, value: ms, unit: 'ms', figures: { ms: ms.toFixed(1) } };
  }
}

/** Host memory use (1 − free/total) against `maxUsedRatio`; the process's own RSS in the message. */
export function probeMemory(maxUsedRatio = 0.9, sample: { free: number; total: number } = { free: freemem(), total: totalmem() }): HealthCheck {
  const used = sample.total > 0 ? 1 - sample.free / sample.total : 0;
  const rssMb = process.memoryUsage.rss() / 2 ** 20;
  return {
    name: 'memory',
    status: used > maxUsedRatio ? 'warn' : 'ok',
    message: `host ${(used * 100).toFixed(0)}% used (limit ${(maxUsedRatio * 100).toFixed(0)}%), this process ${rssMb.toFixed(0)} MB`,
    value: used,
    unit: 'ratio',
    figures: { used: (used * 100).toFixed(0), limit: (maxUsedRatio * 100).toFixed(0), rssMb: rssMb.toFixed(0) },
  };
}

/** One-minute load average per CPU against `maxLoadPerCpu`. */
export function probeCpuLoad(maxLoadPerCpu = 1.5, sample: { load1: number; cpus: number } = { load1: loadavg()[0] ?? 0, cpus: Math.max(1, cpus().length) }): HealthCheck {
  const perCpu = sample.load1 / sample.cpus;
  return {
    name: 'cpu',
    status: perCpu > maxLoadPerCpu ? 'warn' : 'ok',
    message: `load ${sample.load1.toFixed(2)} on ${sample.cpus} CPU (${perCpu.toFixed(2)} per CPU, limit ${maxLoadPerCpu})`,
    value: perCpu,
    unit: 'ratio',
    figures: { load: sample.load1.toFixed(2), cpus: sample.cpus, perCpu: perCpu.toFixed(2), limit: maxLoadPerCpu },
  };
}

/** The nearest existing directory at or above `path` (a data directory may not exist yet). */
function existingAncestor(path: string): string {
  let dir = resolve(path);
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * Free space of the file system holding `path` (fs.statfs, space available to this user).
 * `fail` below `minFreeRatio`, `warn` below twice that.
 */
export async function probeDisk(label: string, path: string, minFreeRatio = 0.1): Promise<HealthCheck> {
  const name = `disk:${label}`;
  try {
    const stats = await fs.statfs(existingAncestor(path));
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    const ratio = total > 0 ? free / total : 0;
    const status: CheckStatus = ratio < minFreeRatio ? 'fail' : ratio < minFreeRatio * 2 ? 'warn' : 'ok';
    return {
      name,
      status,
      message: `${(free / 2 ** 30).toFixed(1)} GB free of ${(total / 2 ** 30).toFixed(1)} GB (${(ratio * 100).toFixed(0)}%, minimum ${(minFreeRatio * 100).toFixed(0)}%)`,
      value: free,
      unit: 'bytes',
      figures: { freeGb: (free / 2 ** 30).toFixed(1), totalGb: (total / 2 ** 30).toFixed(1), percent: (ratio * 100).toFixed(0), minimum: (minFreeRatio * 100).toFixed(0) },
    };
  } catch (error) {
    return { name, status: 'fail', message: message(error) };
  }
}

/**
 * The PM2 daemon, through `reach` (the mother passes a `pm2.list()` call). Any resolution is
 * `ok`; a rejection or a timeout is `fail`.
 */
export async function probePm2(reach: () => Promise<unknown>, timeoutMs = 3000): Promise<HealthCheck> {
  const started = performance.now();
  try {
    await withTimeout(reach(), timeoutMs, 'PM2');
    const ms = performance.now() - started;
    return { name: 'pm2', status: 'ok', message: `daemon answered in ${ms.toFixed(0)} ms`, value: ms, unit: 'ms', figures: { ms: ms.toFixed(0) } };
  } catch (error) {
    return { name: 'pm2', status: 'fail', message: message(error) };
  }
}

/** The worst status of a set of checks. */
export function overallStatus(checks: readonly HealthCheck[]): CheckStatus {
  if (checks.some((c) => c.status === 'fail')) return 'fail';
  if (checks.some((c) => c.status === 'warn')) return 'warn';
  return 'ok';
}

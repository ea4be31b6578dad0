import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '@motherbot/core';

/** The part of a PM2 process description the manager reads. */
export interface Pm2Process {
  name: string;
  pmId: number;
  pid: number;
  /** PM2's status: online, stopping, stopped, launching, errored, one-launch-status, waiting restart. */
  status: string;
  namespace: string;
  restarts: number;
  /** PM2's uptime origin (ms since epoch) of the current run. */
  startedAt: number;
  memoryBytes: number;
  cpu: number;
  exitCode: number | null;
}

/** Options the manager passes to PM2 for one worker (PM2's StartOptions, the fields we use). */
export interface Pm2StartOptions {
  name: string;
  namespace: string;
  script: string;
  cwd: string;
  env: Record<string, string>;
  [option: string]: unknown;
}

export class Pm2Error extends AppError {
  constructor(operation: string, cause: unknown, context: Record<string, unknown> = {}) {
    super('PM2', `PM2 ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`, { operation, ...context }, { cause });
  }
}

type Callback<T> = (error: Error | null, result: T) => void;
interface RawPm2 {
  connect(noDaemon: boolean, cb: Callback<unknown>): void;
  disconnect(cb?: () => void): void;
  list(cb: Callback<RawDescription[]>): void;
  start(options: object, cb: Callback<unknown>): void;
  stop(name: string | number, cb: Callback<unknown>): void;
  restart(name: string | number, cb: Callback<unknown>): void;
  delete(name: string | number, cb: Callback<unknown>): void;
  dump(cb: Callback<unknown>): void;
}
interface RawDescription {
  name?: string;
  pm_id?: number;
  pid?: number;
  monit?: { memory?: number; cpu?: number };
  pm2_env?: { status?: string; namespace?: string; restart_time?: number; pm_uptime?: number; exit_code?: number };
}

/**
 * A thin promise adapter over PM2's callback API, bound to one PM2 home. The manager talks
 * only to this, never to `pm2` directly, so the daemon it uses is explicit: the operator's
 * (`PM2_HOME`, default ~/.pm2), or a private one in tests.
 */
export class Pm2Client {
  private readonly api: RawPm2;
  private connected = false;

  constructor(readonly pm2Home?: string) {
    // pm2's module computes its paths at require time; `custom` takes an explicit home instead.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Pm2Api = (require('pm2') as { custom: new (opts: object) => RawPm2 }).custom;
    this.api = new Pm2Api(pm2Home ? { pm2_home: pm2Home } : {});
  }

  get isConnected(): boolean {
    return this.connected;
  }

  private call<T>(operation: string, fn: (cb: Callback<T>) => void, context: Record<string, unknown> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      fn((error, result) => (error ? reject(new Pm2Error(operation, error, context)) : resolve(result)));
    });
  }

  /** Connects to the daemon, spawning it if none runs (then it outlives us, as operators expect). */
  async connect(): Promise<void> {
    await this.call('connect', (cb) => this.api.connect(false, cb));
    this.connected = true;
  }

  /**
   * Connects again after the daemon went away (killed, crashed): `connect` spawns a new one.
   * Its process list starts empty; the manager's next pass starts the clones again (their old
   * workers stop by themselves when orphaned, see the worker's supervisorWatch).
   */
  async reconnect(): Promise<void> {
    await this.disconnect().catch(() => undefined);
    await this.connect();
  }

  async disconnect(): Promise<void> {
    if (!this.connected) return;
    this.connected = false;
    await new Promise<void>((resolve) => this.api.disconnect(() => resolve()));
  }

  async list(): Promise<Pm2Process[]> {
    const raw = await this.call<RawDescription[]>('list', (cb) => this.api.list(cb));
    return raw.map((p) => ({
      name: p.name ?? '',
      pmId: p.pm_id ?? -1,
      pid: p.pid ?? 0,
      status: p.pm2_env?.status ?? 'unknown',
      namespace: p.pm2_env?.namespace ?? 'default',
      restarts: p.pm2_env?.restart_time ?? 0,
      startedAt: p.pm2_env?.pm_uptime ?? 0,
      memoryBytes: p.monit?.memory ?? 0,
      cpu: p.monit?.cpu ?? 0,
      exitCode: typeof p.pm2_env?.exit_code === 'number' ? p.pm2_env.exit_code : null,
    }));
  }

  async start(options: Pm2StartOptions): Promise<void> {
    await this.call('start', (cb) => this.api.start(options, cb), { name: options.name });
  }

  async stop(target: string | number): Promise<void> {
    await this.call('stop', (cb) => this.api.stop(target, cb), { target });
  }

  async restart(target: string | number): Promise<void> {
    await this.call('restart', (cb) => this.api.restart(target, cb), { target });
  }

  async delete(target: string | number): Promise<void> {
    await this.call('delete', (cb) => this.api.delete(target, cb), { target });
  }

  /** `pm2 save`: writes the process list to PM2's dump file for resurrection at boot. */
  async dump(): Promise<void> {
    await this.call('dump', (cb) => this.api.dump(cb));
  }

  /** The PM2 home this client talks to. */
  get home(): string {
    return this.pm2Home ?? process.env.PM2_HOME ?? join(homedir(), '.pm2');
  }

  /** Pid of the daemon from its pid file, if it runs. */
  daemonPid(): number | undefined {
    const file = join(this.home, 'pm2.pid');
    if (!existsSync(file)) return undefined;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return undefined;
    }
  }

  /**
   * Stops the daemon and every process it runs (the newcomer's launcher and tests only).
   * SIGTERM makes the daemon delete its processes and exit. PM2's own `killDaemon` is not used:
   * it answers its caller with SIGQUIT, which kills a caller whose handler PM2 could not install
   * (jest's sandboxed `process`, for one).
   */
  async shutdownDaemon(timeoutMs = 20_000): Promise<void> {
    await this.disconnect();
    const pid = this.daemonPid();
    if (!pid) return;
    process.kill(pid, 'SIGTERM');
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    process.kill(pid, 'SIGKILL');
  }
}

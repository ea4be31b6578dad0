import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
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
  /** Several hosts: the placement epoch the worker was started under (its PLACEMENT_EPOCH), null without one. */
  placementEpoch: number | null;
  /** The WEBHOOK_BASE_URL the worker was started with: '' (or absent) when it polls. */
  webhookBaseUrl?: string;
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
/** PM2's client object inside the API: the part that spawns the daemon. */
interface RawClient {
  conf: { PM2_LOG_FILE_PATH: string };
  launchDaemon(opts: unknown, cb?: Callback<unknown>): void;
  /** The RPC and event sockets (axon); they retry a lost daemon for ever until closed. */
  client_sock?: { close(): void };
  sub_sock?: { close(): void };
}
interface RawPm2 {
  Client: RawClient;
  connect(noDaemon: boolean, cb: Callback<unknown>): void;
  disconnect(cb?: () => void): void;
  list(cb: Callback<RawDescription[]>): void;
  start(options: object, cb: Callback<unknown>): void;
  stop(name: string | number, cb: Callback<unknown>): void;
  restart(name: string | number, cb: Callback<unknown>): void;
  delete(name: string | number, cb: Callback<unknown>): void;
}
interface RawDescription {
  name?: string;
  pm_id?: number;
  pid?: number;
  monit?: { memory?: number; cpu?: number };
  pm2_env?: { status?: string; namespace?: string; restart_time?: number; pm_uptime?: number; exit_code?: number; PLACEMENT_EPOCH?: string; WEBHOOK_BASE_URL?: string; env?: { PLACEMENT_EPOCH?: string; WEBHOOK_BASE_URL?: string } };
}

const epochOf = (env: RawDescription['pm2_env']): number | null => {
  const raw = env?.PLACEMENT_EPOCH ?? env?.env?.PLACEMENT_EPOCH;
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
};

/** How long a call may wait for the daemon's answer before the daemon counts as gone. */
export interface Pm2CallTimeouts {
  /** Lists, starts, connects: the daemon answers these at once when it is alive. */
  callMs: number;
  /** Stops, restarts and deletes, which wait for a worker's own stop (up to its kill timeout). */
  stopMs: number;
}

export const DEFAULT_PM2_TIMEOUTS: Pm2CallTimeouts = { callMs: 15_000, stopMs: 60_000 };

/**
 * A thin promise adapter over PM2's callback API, bound to one PM2 home. The manager talks
 * only to this, never to `pm2` directly, so the daemon it uses is explicit: the operator's
 * (`PM2_HOME`, default ~/.pm2), or a private one (`npm start`, tests).
 */
export class Pm2Client {
  private api?: RawPm2;
  private connected = false;
  private closed = false;
  private spawnedPid?: number;

  private readonly timeouts: Pm2CallTimeouts;

  constructor(
    readonly pm2Home?: string,
    timeouts: Partial<Pm2CallTimeouts> = {},
  ) {
    this.timeouts = { ...DEFAULT_PM2_TIMEOUTS, ...timeouts };
  }

  private get raw(): RawPm2 {
    if (!this.api) throw new Pm2Error('call', new Error('not connected'));
    return this.api;
  }

  /**
   * PM2's API object, made on first connect. Its constructor creates the home's folders and
   * prints a stack trace for each one it cannot create, so the home is checked first.
   */
  private open(): RawPm2 {
    if (this.api) return this.api;
    const home = this.home;
    try {
      mkdirSync(home, { recursive: true });
      accessSync(home, constants.W_OK);
    } catch (error) {
      throw new Pm2Error('connect', new Error(`PM2 home ${home} is not a writable folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`), { home });
    }
    // pm2's module computes its paths at require time; `custom` takes an explicit home instead.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Pm2Api = (require('pm2') as { custom: new (opts: object) => RawPm2 }).custom;
    const api = new Pm2Api(this.pm2Home ? { pm2_home: this.pm2Home } : {});
    if (this.pm2Home) api.Client.launchDaemon = (opts, cb) => this.launchDaemon(api.Client, typeof opts === 'function' ? (opts as Callback<unknown>) : cb);
    this.api = api;
    return api;
  }

  /**
   * Spawns the daemon of an explicit home. PM2's own launchDaemon spawns it with
   * `{PM2_HOME: home, ...process.env}`, so a PM2_HOME exported in the shell wins: the daemon
   * starts in that other home (or finds one running there) and connect waits forever for an
   * answer on this home's socket. This one sets the home last, knows the daemon's pid from the
   * moment it exists (so a stop at any moment can kill it), reports a daemon that dies before
   * it answers, and spawns nothing once the client is closed.
   */
  private launchDaemon(client: RawClient, cb: Callback<unknown> = () => undefined): void {
    if (this.closed) return cb(new Error('client closed while connecting'), undefined);
    const home = this.home;
    const log = openSync(client.conf.PM2_LOG_FILE_PATH, 'a');
    const daemonScript = require.resolve('pm2/lib/Daemon.js');
    const child = spawn(process.execPath, [daemonScript], {
      detached: true,
      env: { ...process.env, SILENT: 'true', PM2_HOME: home },
      stdio: ['ignore', log, log, 'ipc'],
    });
    closeSync(log);
    this.spawnedPid = child.pid;
    child.unref();
    const settle = (error: Error | null): void => {
      child.removeAllListeners('exit').removeAllListeners('error').removeAllListeners('message');
      if (child.connected) child.disconnect();
      cb(error, child);
    };
    child.once('error', (error) => settle(error));
    child.once('exit', (code, signal) => settle(new Error(`the PM2 daemon exited before it answered (${signal ?? `code ${String(code)}`}); see ${join(home, 'pm2.log')}`)));
    child.once('message', () => settle(null));
  }

  /**
   * One call to the daemon, given up after a timeout. PM2's client never answers a call that was
   * in flight, or made, after its daemon died (kill -9): without a limit the reconcile pass
   * waiting on it would hang for good and never reconnect. A late answer is ignored.
   */
  private call<T>(operation: string, fn: (cb: Callback<T>) => void, context: Record<string, unknown> = {}, timeoutMs = this.timeouts.callMs): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Pm2Error(operation, new Error(`no answer from the PM2 daemon within ${timeoutMs} ms`), context)), timeoutMs);
      timer.unref();
      fn((error, result) => {
        clearTimeout(timer);
        if (error) reject(new Pm2Error(operation, error, context));
        else resolve(result);
      });
    });
  }

  /** Connects to the daemon, spawning it if none runs (then it outlives us, as operators expect). */
  async connect(): Promise<void> {
    this.closed = false;
    const api = this.open();
    await this.call('connect', (cb) => api.connect(false, cb));
    if (this.closed) {
      // disconnect() came while connecting: do not keep a connection nobody will close.
      await new Promise<void>((resolve) => api.disconnect(() => resolve()));
      throw new Pm2Error('connect', new Error('client closed while connecting'));
    }
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
    this.closed = true;
    if (!this.connected || !this.api) return;
    this.connected = false;
    const api = this.api;
    // A dead daemon's client may never call back; closing is best effort then.
    await this.call<void>('disconnect', (cb) => api.disconnect(() => cb(null, undefined))).catch(() => undefined);
    // PM2 leaves a socket whose daemon died retrying (it skips sockets that are not connected):
    // closed here, or each lost daemon would leave one behind, reconnecting to the next daemon.
    for (const sock of [api.Client.client_sock, api.Client.sub_sock]) {
      try {
        sock?.close();
      } catch {
        // already closed
      }
    }
  }

  async list(): Promise<Pm2Process[]> {
    const raw = await this.call<RawDescription[]>('list', (cb) => this.raw.list(cb));
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
      placementEpoch: epochOf(p.pm2_env),
      webhookBaseUrl: p.pm2_env?.WEBHOOK_BASE_URL ?? p.pm2_env?.env?.WEBHOOK_BASE_URL ?? '',
    }));
  }

  async start(options: Pm2StartOptions): Promise<void> {
    await this.call('start', (cb) => this.raw.start(options, cb), { name: options.name });
  }

  async stop(target: string | number): Promise<void> {
    await this.call('stop', (cb) => this.raw.stop(target, cb), { target }, this.timeouts.stopMs);
  }

  async restart(target: string | number): Promise<void> {
    await this.call('restart', (cb) => this.raw.restart(target, cb), { target }, this.timeouts.stopMs);
  }

  async delete(target: string | number): Promise<void> {
    await this.call('delete', (cb) => this.raw.delete(target, cb), { target }, this.timeouts.stopMs);
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
    return Number.isInteger(pid) && pid > 0 && isAlive(pid) ? pid : undefined;
  }

  /** The daemons of this home that may run: the pid file's, and one this client spawned. */
  private daemonPids(): number[] {
    const pids = [this.daemonPid(), this.spawnedPid].filter((pid): pid is number => pid !== undefined && isAlive(pid));
    return [...new Set(pids)];
  }

  /**
   * Sends SIGTERM to the daemon now, without waiting: the last resort of a process that must
   * exit at once (a second Ctrl-C) and still leave nothing running. The daemon stops its
   * processes and exits on its own.
   */
  signalDaemon(): void {
    this.closed = true;
    for (const pid of this.daemonPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // gone already
      }
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
    const pids = this.daemonPids();
    this.signalDaemon();
    const deadline = Date.now() + timeoutMs;
    while (pids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    for (const pid of pids.filter(isAlive)) process.kill(pid, 'SIGKILL');
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

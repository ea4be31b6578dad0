import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AppConfig } from '@motherbot/core';
import { platformProcesses, type PlatformProcess, type ProcessExit, type ProcessSnapshot, type SupervisorLogRotation } from '@motherbot/ops';
import type { Pm2Process } from '../cloneManager/pm2Client';
import { LOG_ROTATION_MODULE, describeLogRotation } from './logRotation';

type Callback<T> = (error: Error | null, result: T) => void;
interface RawPm2 {
  connect(cb: Callback<unknown>): void;
  disconnect(cb?: () => void): void;
  list(cb: Callback<RawDescription[]>): void;
}
interface RawDescription {
  name?: string;
  pid?: number;
  pm2_env?: Record<string, unknown> & {
    status?: string;
    namespace?: string;
    env?: Record<string, unknown>;
    pm_out_log_path?: string;
    pm_err_log_path?: string;
    pm_exec_path?: string;
    exec_interpreter?: string;
    node_args?: string[];
    args?: string[];
  };
}

/** Pid of the daemon of `home` if one runs: never connect where none runs (PM2 would start one). */
export function livePm2Daemon(home: string): number | undefined {
  const file = join(home, 'pm2.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** `KEY=value\0…` of /proc/<pid>/environ, or undefined where it cannot be read (another user, not Linux). */
function liveEnvironment(pid: number): Record<string, string> | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/environ`, 'utf8');
    return Object.fromEntries(text.split('\0').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  } catch {
    return undefined;
  }
}

function liveCommandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined);

/** One PM2 process description as core's PlatformProcess: PM2's env record, and the live one from /proc. */
function describe(raw: RawDescription): PlatformProcess {
  const env: Record<string, string> = {};
  const pm2Env = raw.pm2_env ?? {};
  for (const source of [pm2Env, pm2Env.env ?? {}]) {
    for (const [key, value] of Object.entries(source)) {
      const v = text(value);
      if (v !== undefined) env[key] = v;
    }
  }
  const pid = raw.pid ?? 0;
  const liveEnv = pid > 0 ? liveEnvironment(pid) : undefined;
  if (liveEnv) Object.assign(env, liveEnv);
  // A fork-mode process's own argv is `node …/ProcessContainerFork.js`: PM2 loads the script
  // itself, so its script, node arguments and arguments come from PM2's record.
  const recorded = [pm2Env.exec_interpreter ?? 'node', ...(pm2Env.node_args ?? []), pm2Env.pm_exec_path ?? '', ...(pm2Env.args ?? [])];
  const live = pid > 0 ? liveCommandLine(pid) : undefined;
  const commandLine = live ? [...live, ...(live.includes(pm2Env.pm_exec_path ?? '') ? [] : recorded.slice(1))] : recorded;
  return {
    name: raw.name ?? '',
    namespace: pm2Env.namespace ?? 'default',
    pid,
    status: pm2Env.status ?? 'unknown',
    env,
    envSource: liveEnv ? `PM2 env + /proc/<pid>/environ` : 'PM2 env',
    commandLine,
    logFiles: [pm2Env.pm_out_log_path, pm2Env.pm_err_log_path].filter((f): f is string => typeof f === 'string' && f !== '/dev/null'),
  };
}

/** Exits recorded in the daemon's log: `App [motherbot:0] exited with code [0] via signal [SIGINT]`. */
function recordedExits(home: string): ProcessExit[] {
  const exits: ProcessExit[] = [];
  const files = existsSync(home) ? readdirSync(home).filter((f) => /^pm2(__.*)?\.log$/.test(f)).sort() : [];
  // pm2-logrotate names rotated copies pm2__<date>.log: they sort before pm2.log, oldest first.
  files.sort((a, b) => (a === 'pm2.log' ? 1 : b === 'pm2.log' ? -1 : a.localeCompare(b)));
  for (const file of files) {
    for (const line of readFileSync(join(home, file), 'utf8').split('\n')) {
      const m = /^(\S+?): PM2 log: App \[(.+):\d+\] exited with code \[(.+?)\] via signal \[(.+?)\]/.exec(line);
      if (!m) continue;
      const at = new Date(m[1] ?? '');
      exits.push({ at: Number.isNaN(at.getTime()) ? null : at, name: m[2] ?? '', code: /^\d+$/.test(m[3] ?? '') ? Number(m[3]) : null, signal: m[4] ?? '' });
    }
  }
  return exits;
}

/** pm2-logrotate in `home` as describeLogRotation judges it (installed, settings in effect, online), in core's terms. */
function logRotationOf(home: string, processes: PlatformProcess[] | undefined): SupervisorLogRotation {
  const listed = processes?.map((p): Pm2Process => ({ name: p.name, pmId: -1, pid: p.pid, status: p.status, namespace: p.namespace, restarts: 0, startedAt: 0, memoryBytes: 0, cpu: 0, exitCode: null, placementEpoch: null }));
  const facts = describeLogRotation(home, listed);
  const s = facts.settings;
  return {
    module: LOG_ROTATION_MODULE,
    installed: facts.installed,
    running: facts.running === true,
    settings: s ? { max_size: s.maxSize, retain: String(s.retain), compress: String(s.compress), rotateInterval: s.rotateInterval, workerInterval: String(s.workerIntervalSeconds) } : {},
    problems: facts.problems,
  };
}

async function listDaemon(home: string): Promise<RawDescription[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const Pm2Api = (require('pm2') as { custom: new (opts: object) => RawPm2 }).custom;
  const api = new Pm2Api({ pm2_home: home });
  await new Promise<void>((res, rej) => api.connect((error) => (error ? rej(error) : res())));
  try {
    return await new Promise<RawDescription[]>((res, rej) => api.list((error, list) => (error ? rej(error) : res(list))));
  } finally {
    await new Promise<void>((res) => api.disconnect(() => res()));
  }
}

/**
 * What PM2 at `home` runs, read-only: the process list with each process's environment and
 * command line (PM2's record and /proc), pm2-logrotate's installation and settings, the exits
 * the daemon logged, and its dump file. A home whose daemon does not run is described from its
 * files only (`reachable: false`).
 */
export async function readPm2Snapshot(home: string, isPrivate: boolean): Promise<ProcessSnapshot> {
  const pid = livePm2Daemon(home);
  let processes: PlatformProcess[] = [];
  let problem: string | undefined;
  if (pid) {
    try {
      processes = (await listDaemon(home)).map(describe);
    } catch (error) {
      problem = (error as Error).message;
    }
  } else {
    problem = existsSync(home) ? 'no daemon runs there' : 'the directory does not exist';
  }
  const reachable = pid !== undefined && problem === undefined;
  return {
    source: reachable ? `PM2 daemon of ${home} (pid ${pid})` : `PM2 home ${home} (${problem})`,
    home,
    reachable,
    problem,
    processes,
    logRotation: logRotationOf(home, reachable ? processes : undefined),
    stateFiles: [join(home, 'dump.pm2'), join(home, 'dump.pm2.bak')],
    logDir: join(home, 'logs'),
    exits: recordedExits(home),
    exitsSource: join(home, 'pm2.log'),
    private: isPrivate,
  };
}

/** Whether a PM2 home shows the platform ran there: its dump or its logs name the mother or a clone. */
function hasPlatformTraces(home: string): boolean {
  const dump = join(home, 'dump.pm2');
  if (existsSync(dump) && /"name":\s*"(motherbot|clone-[0-9a-f]{12})"/.test(readFileSync(dump, 'utf8'))) return true;
  const logs = join(home, 'logs');
  return existsSync(logs) && readdirSync(logs).some((f) => /^(motherbot|clone-[0-9a-f]{12})-/.test(f));
}

/** The PM2 homes the platform may use: the operator's (PM2_HOME or ~/.pm2) and `npm start`'s (DATA_DIR/pm2). */
export function candidatePm2Homes(config: Pick<AppConfig, 'dataDir'>): string[] {
  return [...new Set([resolve(process.env.PM2_HOME ?? join(homedir(), '.pm2')), resolve(config.dataDir, 'pm2')])];
}

/**
 * The PM2 home the platform uses, of `homes`: the one whose daemon runs the mother or a clone,
 * else one whose files show the platform ran there, else one whose daemon runs, else one that
 * exists, else the first.
 */
export async function platformPm2Snapshot(config: Pick<AppConfig, 'dataDir'>, homes = candidatePm2Homes(config)): Promise<ProcessSnapshot> {
  const privateHome = resolve(config.dataDir, 'pm2');
  const snapshots = await Promise.all(homes.map((home) => readPm2Snapshot(home, resolve(home) === privateHome)));
  const score = (s: ProcessSnapshot): number => (platformProcesses(s).length > 0 ? 4 : hasPlatformTraces(s.home) ? 3 : s.reachable ? 2 : existsSync(s.home) ? 1 : 0);
  return snapshots.reduce((best, s) => (score(s) > score(best) ? s : best), snapshots[0] as ProcessSnapshot);
}

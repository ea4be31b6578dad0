import type { Connection } from 'mongoose';
import { cloneIdOfWorkerName, type AppConfig } from '@motherbot/core';

/** One check's verdict; `detail` says what was looked at (files, processes, documents, counts). */
export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** An answer of the mother's status server. */
export interface HttpAnswer {
  status: number;
  body: string;
}

/**
 * One process of the platform as its supervisor runs it. Core knows nothing of PM2: the app
 * reads PM2's process list (and /proc) and hands the facts over in this shape.
 */
export interface PlatformProcess {
  name: string;
  namespace: string;
  pid: number;
  /** The supervisor's status word (`online`, `stopped`, …). */
  status: string;
  /** The environment the supervisor keeps for the process, and the live one (/proc/<pid>/environ) where readable. */
  env: Record<string, string>;
  /** Where `env` came from, for the report (`PM2 env`, `PM2 env + /proc/123/environ`). */
  envSource: string;
  /** The command line: /proc/<pid>/cmdline, or the supervisor's script and arguments. */
  commandLine: string[];
  /** Files the supervisor writes the process's stdout and stderr to. */
  logFiles: string[];
}

/** Log rotation by the supervisor (pm2-logrotate for PM2), as found in its home. */
export interface SupervisorLogRotation {
  /** The rotation module's name (`pm2-logrotate`). */
  module: string;
  /** Its files are installed in the supervisor's home. */
  installed: boolean;
  /** Its process runs in the daemon. */
  running: boolean;
  /** Its settings in effect (max_size, retain, compress, rotateInterval, …). */
  settings: Record<string, string>;
  /**
   * What leaves rotation off or the disk unbounded, as the app judges the module it knows
   * (settings, its process online); when absent, the check judges the settings itself.
   */
  problems?: string[];
}

/** An exit of a process as the supervisor recorded it (PM2's pm2.log). */
export interface ProcessExit {
  at: Date | null;
  name: string;
  /** Exit code; null when a signal ended it. */
  code: number | null;
  signal: string;
}

/** The platform's processes and the supervisor's own files. */
export interface ProcessSnapshot {
  /** What was read, for the report: `PM2 daemon of /root/.pm2 (pid 123)`. */
  source: string;
  /** The supervisor's home (PM2_HOME). */
  home: string;
  /** A daemon runs there and answered; false: nothing could be listed. */
  reachable: boolean;
  /** Why not, when not reachable. */
  problem?: string;
  /** Every process the daemon runs (the platform's and any other). */
  processes: PlatformProcess[];
  logRotation: SupervisorLogRotation;
  /** The supervisor's own files that may hold process environments (PM2's dump). */
  stateFiles: string[];
  /** The supervisor's log directory (PM2_HOME/logs). */
  logDir: string;
  /** Process exits the daemon recorded, oldest first (from where it logs them). */
  exits: ProcessExit[];
  /** Where `exits` were read. */
  exitsSource: string;
  /** The daemon belongs to `npm start` (DATA_DIR/pm2) and must not outlive it. */
  private: boolean;
}

/** What the checks read. Everything outside the process is injected, so the checks know nothing of PM2 or Telegraf. */
export interface ReadinessInputs {
  config: AppConfig;
  /** The platform database, or the reason it could not be opened. */
  db: Connection | { unreachable: string };
  /** The mother bot's getMe against TELEGRAM_API_ROOT (the CLI and /readiness pass Telegraf's). */
  getMe: () => Promise<{ username?: string }>;
  /** GET on the mother's status server (with STATUS_TOKEN when set). */
  httpGet: (path: string) => Promise<HttpAnswer>;
  /** The platform's processes (read once per report, shared by the checks). */
  processes: () => Promise<ProcessSnapshot>;
  /** The repository (docs, test results, ecosystem file); default the working directory. */
  repoRoot: string;
  /** Directory of the backups (backupDirOf(config)). */
  backupDir: string;
  now: Date;
}

export const pass = (detail: string): CheckResult => ({ ok: true, detail });
export const fail = (detail: string): CheckResult => ({ ok: false, detail });

export function dbOf(inputs: ReadinessInputs): Connection {
  if ('unreachable' in inputs.db) throw new Error(`database not reachable: ${inputs.db.unreachable}`);
  return inputs.db;
}

export function ago(from: Date, to: Date): string {
  const minutes = Math.round((to.getTime() - from.getTime()) / 60_000);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}

/** `a, b, c and 4 more`: a list that stays one line. */
export function listSome(items: readonly string[], max = 4): string {
  if (items.length <= max) return items.join(', ');
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The platform's processes in a snapshot: the mother, its database and the clone workers. */
export function platformProcesses(snapshot: ProcessSnapshot): PlatformProcess[] {
  return snapshot.processes.filter((p) => p.name === 'motherbot' || p.name === 'motherbot-db' || cloneIdOfWorkerName(p.name) !== undefined);
}

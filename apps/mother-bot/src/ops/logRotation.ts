import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Pm2Process } from '../cloneManager/pm2Client';

/** The PM2 module that rotates every process's out and error files (docs/runbook.md). */
export const LOG_ROTATION_MODULE = 'pm2-logrotate';

/** What `npm run logs:rotation` (scripts/log-rotation.sh) sets, and the docs recommend. */
export const RECOMMENDED_LOG_ROTATION = { maxSize: '20M', retain: 14, rotateInterval: '0 0 * * *', workerIntervalSeconds: 30 } as const;

/** pm2-logrotate's settings as the module itself reads them (package defaults, then `pm2 set`). */
export interface LogRotationSettings {
  /** `max_size` as set, and the bytes the module makes of it (`20M`; a bare `20` is 20 bytes). */
  maxSize: string;
  maxSizeBytes: number;
  /** Rotated files kept per log file; `all` keeps every one. */
  retain: number | 'all';
  /** Always false in 3.0.0: `pm2 set …:compress true` reaches the module as a boolean, which it does not accept. */
  compress: boolean;
  /** Cron of the forced rotation of every non-empty file. */
  rotateInterval: string;
  /** How often file sizes are checked. */
  workerIntervalSeconds: number;
}

export interface LogRotationFacts {
  pm2Home: string;
  /** Registered in PM2's module list (module_conf.json) with its package under PM2_HOME/modules. */
  installed: boolean;
  version: string | null;
  /** Where PM2 keeps the module's package (a link into node_modules when installed by the script). */
  packageDir: string;
  settings: LogRotationSettings | null;
  /** Whether its process is online; null when no process list was given. */
  running: boolean | null;
  /** What leaves the disk unbounded or rotation off; empty when rotation works. */
  problems: string[];
  /** Settings that differ from RECOMMENDED_LOG_ROTATION (a choice, not a fault). */
  differences: string[];
}

type Json = Record<string, unknown>;

const readJson = (file: string): Json | null => {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as Json;
  } catch {
    return null;
  }
};

/** pmx's autocast of a module setting: numeric strings ('' too: 0) become numbers, 'true'/'false' booleans. */
const autocast = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  if (!Number.isNaN(Number(value))) return Number(value);
  return value === 'true' ? true : value === 'false' ? false : value;
};

/** pm2-logrotate 3.0.0's get_limit_size. */
function sizeInBytes(value: unknown): number {
  if (value === '') return 10 * 1024 * 1024;
  const text = String(value);
  const unit = { G: 1024 ** 3, M: 1024 ** 2, K: 1024 }[text.slice(-1)] ?? 1;
  return Number.parseInt(text, 10) * unit;
}

function effectiveSettings(defaults: Json, configured: Json): LogRotationSettings {
  const conf: Json = { ...defaults };
  for (const [key, value] of Object.entries(configured)) conf[key] = autocast(value);
  const retain = Number.parseInt(String(conf.retain), 10);
  const interval = Number.parseInt(String(conf.workerInterval), 10);
  return {
    maxSize: String(conf.max_size ?? ''),
    maxSizeBytes: sizeInBytes(conf.max_size ?? ''),
    retain: Number.isNaN(retain) ? 'all' : retain,
    // The module's parseBool accepts only the string 'true', which autocast never leaves.
    compress: conf.compress === 'true',
    rotateInterval: String(conf.rotateInterval || '0 0 * * *'),
    workerIntervalSeconds: Number.isNaN(interval) ? 30 : interval,
  };
}

/**
 * Whether pm2-logrotate rotates this PM2's logs, read from PM2's own files: PM2_HOME/module_conf.json
 * (installed modules under `module-db-v2`, settings under `pm2-logrotate`) and the module's
 * package.json under PM2_HOME/modules/pm2-logrotate/node_modules/pm2-logrotate (its defaults).
 * Pass PM2's process list to learn whether the module's process is online too.
 */
export function describeLogRotation(pm2Home: string, processes?: readonly Pm2Process[]): LogRotationFacts {
  const moduleConf = readJson(join(pm2Home, 'module_conf.json')) ?? {};
  const registered = Boolean((moduleConf['module-db-v2'] as Json | undefined)?.[LOG_ROTATION_MODULE]);
  const packageDir = join(pm2Home, 'modules', LOG_ROTATION_MODULE, 'node_modules', LOG_ROTATION_MODULE);
  const pkg = existsSync(join(packageDir, 'package.json')) ? readJson(join(packageDir, 'package.json')) : null;
  const installed = registered && pkg !== null;
  const running = processes ? processes.some((p) => p.name === LOG_ROTATION_MODULE && p.status === 'online') : null;
  const facts: LogRotationFacts = { pm2Home, installed, version: null, packageDir, settings: null, running, problems: [], differences: [] };
  if (!installed) {
    facts.problems.push(
      registered
        ? `pm2-logrotate is registered in ${pm2Home} but its package is missing (${packageDir}): npm ci, then npm run logs:rotation`
        : `pm2-logrotate is not installed in PM2_HOME ${pm2Home}: no PM2 log file is ever rotated (npm run logs:rotation)`,
    );
    return facts;
  }
  facts.version = typeof pkg.version === 'string' ? pkg.version : null;
  const settings = effectiveSettings((pkg.config as Json | undefined) ?? {}, (moduleConf[LOG_ROTATION_MODULE] as Json | undefined) ?? {});
  facts.settings = settings;
  if (running === false) facts.problems.push(`pm2-logrotate is installed but not online (pm2 logs ${LOG_ROTATION_MODULE})`);
  if (settings.retain === 'all') facts.problems.push('retain is unset: rotated files are never deleted (pm2 set pm2-logrotate:retain 14)');
  if (!(settings.maxSizeBytes >= 1024 * 1024)) {
    facts.problems.push(`max_size ${settings.maxSize} is ${settings.maxSizeBytes} bytes: files rotate all the time (give a unit: 20M)`);
  }
  const recommended = RECOMMENDED_LOG_ROTATION;
  if (settings.maxSizeBytes !== sizeInBytes(recommended.maxSize)) facts.differences.push(`max_size ${settings.maxSize} (recommended ${recommended.maxSize})`);
  if (settings.retain !== recommended.retain) facts.differences.push(`retain ${settings.retain} (recommended ${recommended.retain})`);
  if (settings.rotateInterval !== recommended.rotateInterval) facts.differences.push(`rotateInterval '${settings.rotateInterval}' (recommended '${recommended.rotateInterval}')`);
  if (settings.workerIntervalSeconds !== recommended.workerIntervalSeconds) {
    facts.differences.push(`workerInterval ${settings.workerIntervalSeconds} s (recommended ${recommended.workerIntervalSeconds})`);
  }
  return facts;
}

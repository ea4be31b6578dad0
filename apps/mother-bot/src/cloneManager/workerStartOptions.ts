import { join } from 'node:path';
import { NO_RESTART_EXIT_CODES, workerName, type AppConfig } from '@motherbot/core';
import type { Pm2StartOptions } from './pm2Client';

/** Path of the compiled clone worker (apps/clone-bot/dist/main.js). */
export function defaultWorkerScript(): string {
  return join(require.resolve('@motherbot/clone-bot/package.json'), '..', 'dist', 'main.js');
}

/**
 * Where PM2 writes a worker's stdout (its log, one line per entry) and stderr (what the worker
 * could not log itself: a crash's trace): LOG_DIR/clones/clone-<id>-out.log and -error.log,
 * PM2's own naming, under LOG_DIR so the disk alert on LOG_DIR covers them. docs/runbook.md
 * lists these paths; logPaths.test.ts checks them against what PM2 reports.
 */
export function workerLogPaths(logDir: string, cloneId: string): { out: string; error: string } {
  const base = join(logDir, 'clones', workerName(cloneId));
  return { out: `${base}-out.log`, error: `${base}-error.log` };
}

/**
 * `filter_env` that really filters. PM2 7 ignores `filter_env: true` (Common.prepareAppConf
 * tests `filter_env.length`, which a boolean lacks) and merges the caller's whole `process.env`
 * into the app's environment, where it overrides the app's own options. A list of prefixes is
 * honoured: every key contains '', so `['']` drops them all.
 */
export const NO_INHERITED_ENV: readonly string[] = [''];

/**
 * PM2 options of one clone worker. The environment is built from nothing (NO_INHERITED_ENV),
 * so the mother's own environment never reaches a worker, PM2's process list or its dump: not
 * a secret it may hold (BOT_TOKEN, MASTER_KEY, MONGODB_URI), and not the keys PM2 gives a
 * mother it runs (`namespace`, `kill_timeout`, `wait_ready`…), which would override the
 * worker's own: its namespace became `default`, the next reconcile pass did not find it in
 * `clones` and started it again, and PM2 restarted it (guarded by underPm2.test.ts).
 * Secrets travel in the worker's 0600 runtime file instead (see writeWorkerSecrets).
 */
export function workerStartOptions(cloneId: string, config: AppConfig, script: string, placement?: { hostId: string; epoch: number }): Pm2StartOptions {
  const logs = workerLogPaths(config.logDir, cloneId);
  return {
    name: workerName(cloneId),
    namespace: config.pm2Namespace,
    script,
    cwd: join(script, '..'),
    exec_mode: 'fork',
    // A 1 MB young generation instead of V8's 16 MB semi-spaces: ~10 MB less idle RSS per worker
    // (84 → 74 MB under PM2, `npm run bench`), throughput within the run's noise.
    node_args: ['--max-semi-space-size=1'],
    instances: 1,
    autorestart: true,
    max_memory_restart: `${config.cloneMaxMemoryMb}M`,
    exp_backoff_restart_delay: 200,
    kill_timeout: config.cloneKillTimeoutMs,
    stop_exit_codes: NO_RESTART_EXIT_CODES,
    // PM2 injects its metrics agent into every child unless told not to (~+1 MB, a CPU tick).
    pmx: false,
    automation: false,
    vizion: false,
    filter_env: [...NO_INHERITED_ENV],
    merge_logs: true,
    // The worker's one log stream is its stdout: PM2 writes it here, `pm2 logs clone-<id>` shows it.
    out_file: logs.out,
    error_file: logs.error,
    env: {
      CLONE_ID: cloneId,
      NODE_ENV: config.nodeEnv,
      DATA_DIR: config.dataDir,
      LOG_DIR: config.logDir,
      LOG_OUTPUT: config.logOutput,
      LOG_LEVEL: config.logLevel,
      LOG_MAX_SIZE: config.logMaxSize,
      LOG_MAX_FILES: config.logMaxFiles,
      TELEGRAM_API_ROOT: config.telegramApiRoot,
      DATABASE_NAME: config.databaseName,
      CLONE_DB_POOL_SIZE: String(config.cloneDbPoolSize),
      CLONE_KILL_TIMEOUT_MS: String(config.cloneKillTimeoutMs),
      USER_RATE_PER_MINUTE: String(config.userRatePerMinute),
      BROADCAST_RATE_PER_SECOND: String(config.broadcastRatePerSecond),
      SHORTENER_ALLOW_INTERNAL: String(config.shortenerAllowInternal),
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      // Webhook mode: the worker listens on its socket and sets its webhook instead of polling; the
      // manager reads it back from PM2 to restart a worker started in the other mode.
      ...(config.webhookBaseUrl ? { WEBHOOK_BASE_URL: config.webhookBaseUrl, WEBHOOK_MAX_CONNECTIONS: String(config.webhookMaxConnections) } : {}),
      // Several hosts: the placement this worker polls under (its fencing token); not secret.
      ...(placement ? { HOST_ID: placement.hostId, PLACEMENT_EPOCH: String(placement.epoch) } : {}),
    },
  };
}

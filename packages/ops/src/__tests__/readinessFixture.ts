import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { loadConfig, type AppConfig } from '@motherbot/core';
import type { HttpAnswer, PlatformProcess, ProcessSnapshot, ReadinessInputs } from '../readiness';

/** A master key for tests (the config's format: 32+ characters of base64/hex). */
export const TEST_MASTER_KEY = 'TestMasterKeyTestMasterKeyTestMasterKey0123';

/** A configuration of an installation under `dataDir` (logs in `dataDir/logs`), with `env` on top. */
export function testConfig(dataDir: string, dbName: string, env: Record<string, string> = {}): AppConfig {
  return loadConfig({ env: { DATA_DIR: dataDir, LOG_DIR: join(dataDir, 'logs'), DATABASE_NAME: dbName, MASTER_KEY: TEST_MASTER_KEY, ...env }, envFile: null });
}

/** A PM2 home with no daemon: what the report sees when nothing runs. */
export function emptySnapshot(home: string, overrides: Partial<ProcessSnapshot> = {}): ProcessSnapshot {
  mkdirSync(join(home, 'logs'), { recursive: true });
  return {
    source: `PM2 home ${home}`,
    home,
    reachable: true,
    processes: [],
    logRotation: { module: 'pm2-logrotate', installed: false, running: false, settings: {} },
    stateFiles: [join(home, 'dump.pm2')],
    logDir: join(home, 'logs'),
    exits: [],
    exitsSource: join(home, 'pm2.log'),
    private: false,
    ...overrides,
  };
}

/** A clone worker as PM2 describes it, with the environment the clone manager gives it. */
export function workerProcess(cloneId: string, config: AppConfig, overrides: Partial<PlatformProcess> = {}): PlatformProcess {
  return {
    name: `clone-${cloneId}`,
    namespace: config.pm2Namespace,
    pid: 4242,
    status: 'online',
    env: {
      CLONE_ID: cloneId,
      NODE_ENV: config.nodeEnv,
      DATA_DIR: config.dataDir,
      DATABASE_NAME: config.databaseName,
      CLONE_DB_POOL_SIZE: String(config.cloneDbPoolSize),
      USER_RATE_PER_MINUTE: String(config.userRatePerMinute),
      BROADCAST_RATE_PER_SECOND: String(config.broadcastRatePerSecond),
      PATH: '/usr/bin:/bin',
    },
    envSource: 'PM2 env',
    commandLine: ['node', '--max-semi-space-size=1', '/srv/motherbot/apps/clone-bot/dist/main.js'],
    logFiles: [],
    ...overrides,
  };
}

const refused = async (): Promise<HttpAnswer> => {
  throw new Error('connect ECONNREFUSED');
};

/** Inputs of the checks for one installation; the mother's status server does not answer unless `httpGet` says. */
export function testInputs(config: AppConfig, db: Connection | { unreachable: string }, overrides: Partial<ReadinessInputs> & { snapshot?: ProcessSnapshot } = {}): ReadinessInputs {
  const { snapshot, ...rest } = overrides;
  const home = join(config.dataDir, 'pm2');
  return {
    config,
    db,
    getMe: async () => ({ username: 'mother_bot' }),
    httpGet: refused,
    processes: async () => snapshot ?? emptySnapshot(home, { reachable: false, problem: 'no daemon runs there' }),
    repoRoot: config.dataDir,
    backupDir: join(config.dataDir, 'backups'),
    now: new Date(),
    ...rest,
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { waitUntil } from '@test-support/waitUntil';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { closeLogger, createLogger, loadConfig, type AppConfig, type Logger } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { MotherRuntime, type RunningMother } from '../src/runtime/motherRuntime';
import { Pm2Client } from '../src/cloneManager/pm2Client';

export const MASTER_KEY = 'test-master-key-0123456789abcdefghijklmnopqrstuv';

/**
 * A whole platform for an end-to-end test: the Telegram sandbox, a private PM2 daemon
 * (its own PM2_HOME), a fresh platform database on the run's FerretDB, and the real mother.
 * `close()` stops the mother, kills the private daemon (and so every worker) and the sandbox.
 */
export class PlatformHarness {
  readonly sandbox = new TelegramSandbox({ flood: { enabled: false } });
  readonly dir = mkdtempSync(join(tmpdir(), 'platform-'));
  readonly pm2Home = join(this.dir, 'pm2');
  readonly dbName = uniqueDbName('plat');
  readonly inspector = new Pm2Client(this.pm2Home);
  config!: AppConfig;
  logger!: Logger;
  runtime?: MotherRuntime;
  /** The started mother's parts (models, manager, services, monitoring, status URL). */
  mother?: RunningMother;
  motherBot!: { id: number; token: string; username: string };
  admin!: { id: number };
  now = new Date();
  useFakeClock = false;

  async start(env: Record<string, string> = {}): Promise<void> {
    await this.sandbox.start({ port: 0 });
    this.motherBot = this.sandbox.createBot({ username: 'mother_test_bot', canManageBots: true });
    this.admin = this.sandbox.createUser({ firstName: 'Ada', username: 'ada_admin' });
    this.config = loadConfig({
      envFile: null,
      env: {
        NODE_ENV: 'test',
        BOT_TOKEN: this.motherBot.token,
        TELEGRAM_API_ROOT: this.sandbox.apiRoot,
        ADMIN_IDS: String(this.admin.id),
        MASTER_KEY,
        DATA_DIR: join(this.dir, 'data'),
        LOG_DIR: join(this.dir, 'logs'),
        DATABASE_NAME: this.dbName,
        RECONCILE_INTERVAL_MS: '400',
        HEARTBEAT_INTERVAL_MS: '400',
        CLONE_KILL_TIMEOUT_MS: '3000',
        // A free port per platform, and host alerts that a busy test machine does not trip.
        HTTP_PORT: '0',
        ALERT_CPU_LOAD_PERCENT: '100000',
        ALERT_MEMORY_PERCENT: '100',
        ALERT_DISK_FREE_PERCENT: '0',
        ...env,
      },
    });
    // The log in files under LOG_DIR (tests read them), or with HARNESS_LOG=1 on stdout instead.
    this.logger = createLogger({ label: 'mother', level: 'debug', ...(process.env.HARNESS_LOG ? { console: true } : { logDir: this.config.logDir }) });
    await this.inspector.connect();
    await this.startMother();
  }

  clock = (): Date => (this.useFakeClock ? this.now : new Date());

  async startMother(): Promise<RunningMother> {
    this.runtime = new MotherRuntime({ config: this.config, logger: this.logger, mongoUri: testMongoUri(), pm2Home: this.pm2Home, clock: this.clock });
    this.mother = await this.runtime.start();
    return this.mother;
  }

  async stopMother(): Promise<void> {
    await this.runtime?.stop();
    this.runtime = undefined;
    this.mother = undefined;
  }

  /** Polls `check` until it returns a truthy value or the time is up (then throws with `what`). */
  until<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 20_000): Promise<T> {
    return waitUntil(what, check, timeoutMs);
  }

  async workers() {
    return (await this.inspector.list()).filter((p) => p.namespace === this.config.pm2Namespace);
  }

  async close(): Promise<void> {
    await this.stopMother().catch(() => undefined);
    await this.inspector.shutdownDaemon().catch(() => undefined);
    await this.inspector.disconnect().catch(() => undefined);
    await this.sandbox.stop();
    await closeLogger(this.logger);
    const { connectDatabase } = await import('@motherbot/core');
    const conn = await connectDatabase(testMongoUri(), { dbName: this.dbName, maxPoolSize: 1 });
    const admin = conn.db!.admin();
    const { databases } = await admin.listDatabases();
    for (const d of databases) if (d.name.startsWith(this.dbName)) await conn.useDb(d.name).dropDatabase();
    await conn.close();
    if (!process.env.HARNESS_KEEP) rmSync(this.dir, { recursive: true, force: true });
  }
}

import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { EmbeddedDatabase, type AppConfig, type Logger } from '@motherbot/core';
import { Pm2Client } from '../cloneManager/pm2Client';
import { MotherRuntime } from '../runtime/motherRuntime';
import { StartupSteps } from '../runtime/startupSteps';
import { DaemonWatchdog } from './daemonWatchdog';

/** A fixed token for the sandbox's mother bot, so its identity survives a restart of `npm start`. */
const SANDBOX_MOTHER_TOKEN = '1000000001:SANDBOXmotherBOTtokenNOTaSECRET00000';

/** Deadlines of the launcher's own start-up steps; the mother's are in STARTUP_DEADLINES_MS. */
export const LAUNCHER_DEADLINES_MS = { sandbox: 15_000, 'embedded database': 30_000 } as const;

/**
 * What `npm start` runs: the Telegram sandbox (without BOT_TOKEN), the embedded database
 * (without MONGODB_URI), and the mother with a private PM2 daemon in DATA_DIR/pm2. The sandbox
 * and the mother live in this process; FerretDB and the PM2 daemon are processes of their own,
 * each in a process group of its own (a terminal's Ctrl-C reaches only this process, which
 * then stops things in order: the mother first, so its last writes reach the database), and
 * each tied to this process so that they die with it however it ends.
 */
export class DevStack {
  readonly pm2Home: string;
  private readonly steps = new StartupSteps();
  private readonly watchdog: DaemonWatchdog;
  private sandbox?: TelegramSandbox;
  private embedded?: EmbeddedDatabase;
  private runtime?: MotherRuntime;
  private starting?: Promise<void>;

  constructor(
    private config: AppConfig,
    private readonly logger: Logger,
  ) {
    this.pm2Home = join(config.dataDir, 'pm2');
    this.watchdog = new DaemonWatchdog(this.pm2Home);
  }

  /** Starts everything; rejects with a StartupStepError (or StartupAbortedError after `stop()`). */
  start(): Promise<void> {
    this.starting = this.startSteps();
    return this.starting;
  }

  private async startSteps(): Promise<void> {
    const { logger } = this;
    let config = this.config;
    if (!config.botToken) {
      const sandbox = new TelegramSandbox({});
      this.sandbox = sandbox;
      await this.steps.run({
        name: 'sandbox',
        deadlineMs: LAUNCHER_DEADLINES_MS.sandbox,
        hint: `that SANDBOX_PORT ${config.sandboxPort} is free`,
        run: () => sandbox.start({ port: config.sandboxPort }),
      });
      const mother = sandbox.createBot({ username: 'mother_bot', firstName: 'Mother Bot', token: SANDBOX_MOTHER_TOKEN, canManageBots: true });
      const adminId = config.adminIds[0] ?? 1_000_001;
      sandbox.createUser({ id: adminId, firstName: 'Admin', username: 'admin' });
      config = { ...config, botToken: mother.token, telegramApiRoot: sandbox.apiRoot, adminIds: [adminId, ...config.adminIds.slice(1)] } as AppConfig;
      logger.info(`Telegram sandbox: open ${sandbox.url}/ — chat with @${mother.username} as user ${adminId} (an admin)`);
    }

    let mongoUri = config.mongodbUri;
    if (!mongoUri) {
      const dataDir = join(config.dataDir, 'db');
      const embedded = new EmbeddedDatabase({
        dataDir,
        port: config.embeddedDbPort,
        // FerretDB logs every unsupported driver command (endSessions…) from its connection layer at WARN: noise.
        onLog: (line) => {
          if (!line.includes('source=clientconn/')) logger.warn(`ferretdb: ${line}`);
        },
      });
      this.embedded = embedded;
      mongoUri = await this.steps.run({
        name: 'embedded database',
        deadlineMs: LAUNCHER_DEADLINES_MS['embedded database'],
        hint: `that EMBEDDED_DB_PORT ${config.embeddedDbPort} is free and ${dataDir} is writable (\`npm run db:build\` if the binary is missing)`,
        run: () => embedded.start(),
      });
      logger.info(`embedded database (FerretDB) on 127.0.0.1:${embedded.port}, data in ${dataDir}`);
    }
    this.config = config;
    // From here a PM2 daemon may exist: it must not outlive us, whatever happens to us.
    this.watchdog.arm();
    this.runtime = new MotherRuntime({ config, logger, mongoUri, pm2Home: this.pm2Home });
    await this.runtime.start();
  }

  /**
   * Stops in order: the start in progress, the mother (its lease released while the database
   * still runs), the PM2 daemon and its clone workers, the database, the sandbox.
   */
  async stop(): Promise<void> {
    // After the abort no step of ours goes on, so the mother exists now or never will; its
    // stop cuts its own start short.
    this.steps.abort();
    await this.runtime?.stop().catch((error: unknown) => this.logger.warn('mother stop failed', { error }));
    await this.starting?.catch(() => undefined);
    await new Pm2Client(this.pm2Home).shutdownDaemon().then(
      () => this.watchdog.disarm(),
      (error: unknown) => this.logger.warn('PM2 daemon shutdown failed', { error }),
    );
    await this.embedded?.stop();
    await this.sandbox?.stop();
  }

  /** Last resort before an immediate exit: the daemon gets SIGTERM (FerretDB dies with its pipe). */
  forceStop(): void {
    new Pm2Client(this.pm2Home).signalDaemon();
  }
}

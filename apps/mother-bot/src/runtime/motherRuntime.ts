import type { Connection } from 'mongoose';
import type { Telegraf } from 'telegraf';
import {
  connectDatabase,
  ensurePlatformIndexes,
  platformModels,
  registerSecret,
  resolveMasterKey,
  type AppConfig,
  type Logger,
  type PlatformModels,
} from '@motherbot/core';
import { createMotherBot } from '../bot/createMotherBot';
import { ConversationStore } from '../bot/conversationStore';
import { wireOwnerNotifications } from '../bot/ownerNotifications';
import { CloneManager } from '../cloneManager/cloneManager';
import { Pm2Client } from '../cloneManager/pm2Client';
import { defaultWorkerScript } from '../cloneManager/workerStartOptions';
import { telegramBotIdentifier } from '../services/botIdentity';
import { CloneOnboarding } from '../services/cloneOnboarding';
import { createMotherServices, type MotherServices } from '../services/motherServices';
import { broadcastSender } from '@motherbot/bot-kit';
import { reminderSender } from '../bot/reminderSender';
import { databaseUri } from './databaseUri';
import { Monitoring } from '../monitoring/monitoring';
import { StatusServer } from '../http/statusServer';
import { scrubSecretsFromEnvironment } from './scrubEnvironment';
import { applyMigrations, platformMigrations } from '@motherbot/core';
import { OpsScheduler } from '../ops/opsScheduler';
import { cloneDataPreparer } from '../services/cloneDataPreparer';
import { connectWithRetry } from './connectWithRetry';
import { PollingLauncher } from './pollingLauncher';
import { motherStartupHints } from './startupHints';
import { StartupSteps, oneLine, type StartupStep } from './startupSteps';

export interface MotherRuntimeOptions {
  config: AppConfig;
  logger: Logger;
  /** Overrides the URI derived from the config (the dev launcher's embedded database). */
  mongoUri?: string;
  /** PM2 home to use; default: PM2's own (PM2_HOME or ~/.pm2), the daemon operators see. */
  pm2Home?: string;
  workerScript?: string;
  clock?: () => Date;
  /** Deadlines of start-up steps by name, replacing {@link STARTUP_DEADLINES_MS} (tests). */
  stepDeadlinesMs?: Readonly<Record<string, number>>;
}

/**
 * How long each start-up step of the mother may take before the start fails with a one-line
 * reason (docs/troubleshooting.md, "Start-up steps"). Generous: they bound a hang, not a
 * slow machine. Migrations run to the end even when a signal comes (they hold a lock).
 */
export const STARTUP_DEADLINES_MS = {
  database: 60_000,
  migrations: 600_000,
  pm2: 30_000,
  telegram: 45_000,
  monitoring: 30_000,
  'status server': 10_000,
  'clone adoption': 120_000,
  services: 60_000,
  polling: 45_000,
} as const;

/**
 * The mother process: the platform database, the clone manager and the mother bot. `start`
 * resolves when all three run; `stop` undoes it in reverse order and never stops clone
 * workers: they belong to PM2 and are adopted by the next mother.
 */
export class MotherRuntime {
  private connection?: Connection;
  private modelsValue?: PlatformModels;
  private pm2?: Pm2Client;
  private managerValue?: CloneManager;
  private bot?: Telegraf;
  private pollingLauncher?: PollingLauncher;
  private readonly steps: StartupSteps;
  private starting?: Promise<void>;
  private canManageBots = false;
  private opsScheduler?: OpsScheduler;
 
  private monitoringValue?: Monitoring;
  private statusServer?: StatusServer;
  private pollingActive = false;
  private servicesValue?: MotherServices;

  constructor(private readonly options: MotherRuntimeOptions) {
    this.steps = new StartupSteps(options.stepDeadlinesMs);
  }

  get models(): PlatformModels {
    if (!this.modelsValue) throw new Error('MotherRuntime is not started');
    return this.modelsValue;
  }

  get db(): Connection {
    if (!this.connection) throw new Error('MotherRuntime is not started');
    return this.connection;
  }

  /** Monitoring: metrics, health, alerts, errors. */
  get monitoring(): Monitoring {
    if (!this.monitoringValue) throw new Error('MotherRuntime is not started');
    return this.monitoringValue;
  }

  /** Base URL of the status server, if it listens. */
  get statusUrl(): string | undefined {
    return this.statusServer?.url;
  }

  get manager(): CloneManager {
    if (!this.managerValue) throw new Error('MotherRuntime is not started');
    return this.managerValue;
  }

  /** Owner and admin services: clone actions, payments, reminders, admin panel. */
  get services(): MotherServices {
    if (!this.servicesValue) throw new Error('MotherRuntime is not started');
    return this.servicesValue;
  }

  /**
   * Runs the start-up steps, each under its deadline (STARTUP_DEADLINES_MS). A failed step
   * rejects with a StartupStepError whose message is the one line to log; `stop()` during the
   * start cuts the step in progress short (StartupAbortedError) and undoes what started.
   */
  async start(): Promise<void> {
    this.starting = this.startSteps();
    return this.starting;
  }

  private async startSteps(): Promise<void> {
    const { config, logger } = this.options;
    const steps = this.steps;
    const pm2 = new Pm2Client(this.options.pm2Home);
    const hints = motherStartupHints(config, pm2.home);
    const step = <T>(name: keyof typeof STARTUP_DEADLINES_MS, hint: string | ((error: unknown) => string), run: (signal: AbortSignal) => Promise<T>, more: Partial<StartupStep<T>> = {}) =>
      steps.run({ name, deadlineMs: STARTUP_DEADLINES_MS[name], hint, run, ...more });

    const mongoUri = this.options.mongoUri ?? databaseUri(config);
    registerSecret(mongoUri);
    let lastDatabaseError: string | undefined;
    const connection = await step(
      'database',
      hints.database,
      (signal) =>
        connectWithRetry(() => connectDatabase(mongoUri, { dbName: config.databaseName, maxPoolSize: config.motherDbPoolSize }), logger, signal, (error) => {
          lastDatabaseError = oneLine(error);
        }),
      { lastProblem: () => lastDatabaseError },
    );
    this.connection = connection;
    const models = platformModels(connection);
    this.modelsValue = models;
   
    // a MigrationError that stops the start with its reason (docs/operations/migrations.md).
    await step(
      'migrations',
      hints.migrations,
      async () => {
        await applyMigrations({ db: connection, models, migrations: platformMigrations, log: (message, meta) => logger.info(message, meta) });
        await ensurePlatformIndexes(models);
      },
      { runToEnd: true },
    );
    logger.info('database connected', { db: config.databaseName });

    const masterKey = resolveMasterKey(config);
    registerSecret(masterKey);
    // A PM2 daemon we spawn inherits our environment: nothing secret may be in it.
    scrubSecretsFromEnvironment();
    this.pm2 = pm2;
    await step('pm2', hints.pm2, () => pm2.connect());

    const manager = new CloneManager({
      config,
      models,
      pm2,
      logger,
      masterKey,
      mongoUri,
      workerScript: this.options.workerScript ?? defaultWorkerScript(),
      clock: this.options.clock,
    });
    this.managerValue = manager;
    // Monitoring; alerts go out through the bot created below.
    const monitoring = new Monitoring({
      config,
      logger,
      connection,
      models,
      send: (chatId, html) => this.bot!.telegram.sendMessage(chatId, html, { parse_mode: 'HTML' }),
      pm2Reach: () => pm2.list(),
      botPolling: () => this.pollingActive,
      manager,
      clock: this.options.clock,
    });
    this.monitoringValue = monitoring;
    const onboarding = new CloneOnboarding({
      config,
      models,
      masterKey,
      identify: telegramBotIdentifier(config.telegramApiRoot),
      onChange: () => void manager.reconcileNow(),
      prepareCloneData: cloneDataPreparer(connection, config.databaseName, logger),
      clock: this.options.clock,
    });

    // Owner and admin services (wiring only).
    const services = createMotherServices({
      config,
      models,
      db: connection,
      logger,
      onChange: () => void manager.reconcileNow(),
      clock: this.options.clock,
      onBroadcastProgress: (p) => monitoring.metrics.recordBroadcast('mother', p),
    });
    this.servicesValue = services;

    const bot = createMotherBot(config.botToken, {
      monitoring,
      services,
      config,
      models,
      logger,
      onboarding,
      conversations: new ConversationStore(models.Conversation),
      canManageBots: () => this.canManageBots,
      isAdmin: (id) => config.adminIds.includes(id),
    });
    this.bot = bot;
    // Telegraf's typings want the abort-controller polyfill's signal; its fetch takes Node's own.
    const me = await step('telegram', hints.telegram, (signal) => bot.telegram.callApi('getMe', {}, { signal: signal as never }));
    // The poller would ask again; with it set, it goes straight to polling.
    bot.botInfo = me;
    this.canManageBots = Boolean((me as { can_manage_bots?: boolean }).can_manage_bots);
    wireOwnerNotifications(manager, bot.telegram, config.adminIds, logger);
    await step('monitoring', hints.monitoring, () => monitoring.start());
   
    // one step that may fail without stopping the start: the bots matter more than their dashboard.
    const statusServer = new StatusServer({ host: config.httpHost, port: config.httpPort, token: config.statusToken, source: monitoring, logger });
    this.statusServer = statusServer;
    await step('status server', hints.statusServer, () => statusServer.start()).then(
      () => logger.info(`status page on ${statusServer.url}/status`),
      (error: unknown) => {
        if (steps.aborted) throw error;
        logger.error(`${oneLine(error)}; continuing without it`);
        this.statusServer = undefined;
        void statusServer.stop().catch(() => undefined);
      },
    );
    await step('clone adoption', hints.cloneAdoption, () => manager.start());
    this.opsScheduler = new OpsScheduler({ config, db: connection, models, logger, clock: this.options.clock });
    this.opsScheduler.start();
   
    await step('services', hints.services, () => services.start(reminderSender(bot.telegram), broadcastSender(bot.telegram)));
    const launcher = new PollingLauncher(bot, {
      onError: (error, update) => logger.error('mother update failed', { updateId: update.update_id, error }),
      onRetry: (error, delayMs) => logger.warn('getUpdates failed, retrying', { delayMs, error: (error as Error).message }),
    });
    this.pollingLauncher = launcher;
    const { polling, ended } = launcher.start();
    ended.then(
      () => (this.pollingActive = false),
      (error: unknown) => {
        this.pollingActive = false;
        logger.error('mother bot polling stopped', { error });
      },
    );
    // Cut short, the wait ends at once: stop() then stops the launch in whatever phase it is.
    await step('polling', hints.polling, (signal) => Promise.race([polling, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]));
    this.pollingActive = true; // /readyz reports it
    logger.info('mother bot polling', { bot: me.username, canManageBots: this.canManageBots });
  }

  /**
   * Stops taking updates, lets in-flight ones finish, stops the manager loop, closes the
   * database. Called during `start()`, it cuts the step in progress short first, and stops what
   * had started.
   */
  async stop(): Promise<void> {
    this.steps.abort();
    await this.starting?.catch(() => undefined);
    // A database connection attempt in flight gives up within the driver's 5 s server selection.
    await this.steps.settled(6000);
    await this.pollingLauncher?.stop();
   
    this.pollingActive = false;
    await this.statusServer?.stop();
    await this.monitoringValue?.stop();
    await this.servicesValue?.stop();
    await this.opsScheduler?.stop();
    await this.managerValue?.stop();
    await this.pm2?.disconnect();
    await this.connection?.close();
    this.connection = undefined;
  }
}

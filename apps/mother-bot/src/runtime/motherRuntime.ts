import type { Connection } from 'mongoose';
import type { Telegraf } from 'telegraf';
import {
  connectDatabase,
  ensurePlatformIndexes,
  platformModels,
  registerSecret,
  retryTelegramCalls,
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
import { createMotherServices, type MotherServices } from '../services/motherServices'; // issue 6
import { broadcastSender, reminderSender } from '../bot/reminderSender'; // issue 6
import { databaseUri } from './databaseUri';
import { Monitoring } from '../monitoring/monitoring'; // issue 7
import { StatusServer } from '../http/statusServer'; // issue 7
import { scrubSecretsFromEnvironment } from './scrubEnvironment';
import { applyMigrations, platformMigrations } from '@motherbot/core'; // issue 8
import { OpsScheduler } from '../ops/opsScheduler'; // issue 8

/**
 * The database may come up after us (PM2 starts `motherbot-db` and the mother together, a
 * real MongoDB may be restarting): retry for a while before giving up, saying why each time.
 */
async function connectWithRetry(connect: () => Promise<Connection>, logger: Logger, attempts = 12): Promise<Connection> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await connect();
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.warn(`database not reachable (attempt ${attempt}/${attempts}), retrying`, { error: (error as Error).message });
      await new Promise((r) => setTimeout(r, 2000));
    }
  }
}

export interface MotherRuntimeOptions {
  config: AppConfig;
  logger: Logger;
  /** Overrides the URI derived from the config (the dev launcher's embedded database). */
  mongoUri?: string;
  /** PM2 home to use; default: PM2's own (PM2_HOME or ~/.pm2), the daemon operators see. */
  pm2Home?: string;
  workerScript?: string;
  clock?: () => Date;
}

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
  private polling?: Promise<void>;
  private canManageBots = false;
  private opsScheduler?: OpsScheduler; // issue 8: scheduled backups and retention
  // issue 7: monitoring (watchers, alerts, error tracking) and the health/metrics/status HTTP server
  private monitoringValue?: Monitoring;
  private statusServer?: StatusServer;
  private pollingActive = false;
  private servicesValue?: MotherServices; // issue 6

  constructor(private readonly options: MotherRuntimeOptions) {}

  get models(): PlatformModels {
    if (!this.modelsValue) throw new Error('MotherRuntime is not started');
    return this.modelsValue;
  }

  get db(): Connection {
    if (!this.connection) throw new Error('MotherRuntime is not started');
    return this.connection;
  }

  /** Monitoring (issue 7): metrics, health, alerts, errors. */
  get monitoring(): Monitoring {
    if (!this.monitoringValue) throw new Error('MotherRuntime is not started');
    return this.monitoringValue;
  }

  /** Base URL of the status server (issue 7), if it listens. */
  get statusUrl(): string | undefined {
    return this.statusServer?.url;
  }

  get manager(): CloneManager {
    if (!this.managerValue) throw new Error('MotherRuntime is not started');
    return this.managerValue;
  }

  /** Owner and admin services (issue 6): clone actions, payments, reminders, admin panel. */
  get services(): MotherServices {
    if (!this.servicesValue) throw new Error('MotherRuntime is not started');
    return this.servicesValue;
  }

  async start(): Promise<void> {
    const { config, logger } = this.options;
    const mongoUri = this.options.mongoUri ?? databaseUri(config);
    registerSecret(mongoUri);
    this.connection = await connectWithRetry(() => connectDatabase(mongoUri, { dbName: config.databaseName, maxPoolSize: config.motherDbPoolSize }), logger);
    const models = platformModels(this.connection);
    this.modelsValue = models;
    // issue 8: versioned migrations before anything else uses the database; a failed step throws
    // a MigrationError that stops the start with its reason (docs/operations/migrations.md).
    await applyMigrations({ db: this.connection, models, migrations: platformMigrations, log: (message, meta) => logger.info(message, meta) });
    await ensurePlatformIndexes(models);
    logger.info('database connected', { db: config.databaseName });

    const masterKey = resolveMasterKey(config);
    registerSecret(masterKey);
    // A PM2 daemon we spawn inherits our environment: nothing secret may be in it.
    scrubSecretsFromEnvironment();
    this.pm2 = new Pm2Client(this.options.pm2Home);
    await this.pm2.connect();

    const manager = new CloneManager({
      config,
      models,
      pm2: this.pm2,
      logger,
      masterKey,
      mongoUri,
      workerScript: this.options.workerScript ?? defaultWorkerScript(),
      clock: this.options.clock,
    });
    this.managerValue = manager;
    // --- issue 7: monitoring; alerts go out through the bot created below ---
    const pm2 = this.pm2;
    const monitoring = new Monitoring({
      config,
      logger,
      connection: this.connection,
      models,
      send: (chatId, html) => this.bot!.telegram.sendMessage(chatId, html, { parse_mode: 'HTML' }),
      pm2Reach: () => pm2.list(),
      botPolling: () => this.pollingActive,
      manager,
      clock: this.options.clock,
    });
    this.monitoringValue = monitoring;
    // --- end issue 7 ---
    const onboarding = new CloneOnboarding({
      config,
      models,
      masterKey,
      identify: telegramBotIdentifier(config.telegramApiRoot),
      onChange: () => void manager.reconcileNow(),
      clock: this.options.clock,
    });

    // --- issue 6: owner and admin services (wiring only) ---
    const services = createMotherServices({
      config,
      models,
      db: this.connection,
      logger,
      onChange: () => void manager.reconcileNow(),
      clock: this.options.clock,
      onBroadcastProgress: (p) => monitoring.metrics.recordBroadcast('mother', p), // issue 7
    });
    this.servicesValue = services;
    // --- end issue 6 ---

    const bot = createMotherBot(config.botToken, {
      monitoring, // issue 7: /health and /errors
      services, // issue 6
      config,
      models,
      logger,
      onboarding,
      conversations: new ConversationStore(models.Conversation),
      canManageBots: () => this.canManageBots,
      isAdmin: (id) => config.adminIds.includes(id),
    });
    this.bot = bot;
    // A passing Telegram fault (429, 5xx, network) must not fail a handler and lose its update.
    retryTelegramCalls(bot.telegram as unknown as Parameters<typeof retryTelegramCalls>[0], {
      maxWaitMs: 30_000,
      onRetry: (error, delayMs) => logger.warn('Telegram call failed, retrying', { delayMs, error: (error as Error).message }),
    });
    const me = await bot.telegram.getMe();
    this.canManageBots = Boolean((me as { can_manage_bots?: boolean }).can_manage_bots);
    wireOwnerNotifications(manager, bot.telegram, config.adminIds, logger);
    // issue 7: the status server answers /healthz at once and /readyz once polling; a port
    // already taken is logged, not fatal (the bots matter more than their dashboard).
    await monitoring.start();
    this.statusServer = new StatusServer({ host: config.httpHost, port: config.httpPort, token: config.statusToken, source: monitoring, logger });
    await this.statusServer.start().then(
      () => logger.info(`status page on ${this.statusServer?.url}/status`),
      (error: unknown) => {
        logger.error('status server did not start', { host: config.httpHost, port: config.httpPort, error });
        this.statusServer = undefined;
      },
    );
    await manager.start();
    this.opsScheduler = new OpsScheduler({ config, db: this.connection, models, logger, clock: this.options.clock }); // issue 8
    this.opsScheduler.start(); // issue 8
    await services.start(reminderSender(bot.telegram), broadcastSender(bot.telegram)); // issue 6: plans seeded, reminder + retention jobs, broadcast engine
    await new Promise<void>((resolve, reject) => {
      this.polling = bot.launch({ dropPendingUpdates: false }, () => {
        this.pollingActive = true; // issue 7 (readiness)
        resolve();
      });
      void this.polling.finally(() => (this.pollingActive = false)).catch(() => undefined); // issue 7
      this.polling.catch((error: unknown) => {
        logger.error('mother bot polling stopped', { error });
        reject(error);
      });
    });
    logger.info('mother bot polling', { bot: me.username, canManageBots: this.canManageBots });
  }

  /** Stops taking updates, lets in-flight ones finish, stops the manager loop, closes the database. */
  async stop(): Promise<void> {
    if (this.bot && this.polling) {
      try {
        this.bot.stop('shutdown');
      } catch {
        // not launched
      }
      await this.polling.catch(() => undefined);
    }
    // issue 7: after the last update, before the database closes
    this.pollingActive = false;
    await this.statusServer?.stop();
    await this.monitoringValue?.stop();
    await this.servicesValue?.stop(); // issue 6
    await this.opsScheduler?.stop(); // issue 8
    await this.managerValue?.stop();
    await this.pm2?.disconnect();
    await this.connection?.close();
    this.connection = undefined;
  }
}

import type { Connection } from 'mongoose';
import type { Telegraf } from 'telegraf';
import {
  AppError,
  WorkerExitCode,
  cloneDatabaseName,
  cloneModel,
  cloneTokenModel,
  connectDatabase,
  heartbeatModel,
  openToken,
  readWorkerSecrets,
  registerSecret,
  type AppConfig,
  type CloneDoc,
  type Logger,
} from '@motherbot/core';
import { createCloneBot, type CloneBot } from '../bot/createCloneBot';
import { Heartbeat, type WorkerCounters } from './heartbeat';
import { telegramErrorCode } from './telegramErrorCode';

/** A start-up failure with the exit code that tells the manager what happened. */
export class WorkerStartError extends AppError {
  constructor(
    readonly exitCode: number,
    message: string,
    cloneId: string,
  ) {
    super('WORKER_START', message, { cloneId, exitCode });
  }
}

/**
 * One clone's worker process: loads its clone, decrypts its token with its own key, checks it
 * with getMe, polls, beats. Telegram's verdicts become exit codes the manager understands:
 * 401 → TokenInvalid, 409 → Conflict (PM2 does not restart on either).
 */
export class CloneWorker {
  private connection?: Connection;
  private bot?: Telegraf;
  private clone?: CloneBot;
  private heartbeat?: Heartbeat;
  private polling?: Promise<void>;
  readonly counters: WorkerCounters = { updates: 0, errors: 0 };

  constructor(
    private readonly cloneId: string,
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  /** Resolves once polling runs; `onStopped` receives the exit code when polling ends. */
  async start(onStopped: (exitCode: number) => void): Promise<void> {
    const { cloneId, config, logger } = this;
    const secrets = readWorkerSecrets(config.dataDir, cloneId);
    registerSecret(secrets.mongoUri);
    registerSecret(secrets.cloneKey);
    this.connection = await connectDatabase(secrets.mongoUri, { dbName: config.databaseName, maxPoolSize: config.cloneDbPoolSize });
    const [clone, sealed] = await Promise.all([
      cloneModel(this.connection).findById(cloneId).lean<CloneDoc>(),
      cloneTokenModel(this.connection).findById(cloneId).lean(),
    ]);
    if (!clone || clone.deletedAt || !sealed) throw new WorkerStartError(WorkerExitCode.BadSetup, 'clone not found or deleted', cloneId);
    let token: string;
    try {
      token = openToken(Buffer.from(secrets.cloneKey, 'base64'), cloneId, sealed.sealed);
    } catch {
      throw new WorkerStartError(WorkerExitCode.BadSetup, 'token cannot be decrypted with this worker\'s key', cloneId);
    }
    registerSecret(token);
    const cloneDb = this.connection.useDb(cloneDatabaseName(config.databaseName, cloneId), { useCache: true });
    this.clone = createCloneBot(
      { token, apiRoot: config.telegramApiRoot },
      {
        cloneId,
        ownerId: clone.ownerId,
        botUsername: clone.botUsername,
        cloneDb,
        logger,
        counters: this.counters,
        userRatePerMinute: config.userRatePerMinute,
        broadcastRatePerSecond: config.broadcastRatePerSecond,
      },
    );
    const bot = this.clone.bot;
    this.bot = bot;
    try {
      await bot.telegram.getMe();
    } catch (error) {
      if (telegramErrorCode(error) === 401) throw new WorkerStartError(WorkerExitCode.TokenInvalid, 'Telegram rejected the token (401)', cloneId);
      throw error;
    }
    await this.clone.start();
    this.heartbeat = new Heartbeat(heartbeatModel(this.connection), cloneId, this.counters, config.heartbeatIntervalMs, (error) =>
      logger.warn('heartbeat failed', { error }),
    );
    await new Promise<void>((resolve, reject) => {
      this.polling = bot.launch({ dropPendingUpdates: false }, () => resolve());
      this.polling.then(
        () => onStopped(WorkerExitCode.Clean),
        (error: unknown) => {
          const code = telegramErrorCode(error);
          const exitCode = code === 401 ? WorkerExitCode.TokenInvalid : code === 409 ? WorkerExitCode.Conflict : 1;
          logger.error('polling stopped', { code, error });
          reject(error);
          onStopped(exitCode);
        },
      );
    });
    this.heartbeat.start();
    logger.info('clone worker polling', { bot: clone.botUsername });
  }

  /** Stops polling, lets in-flight updates finish, writes a last beat and closes the database. */
  async stop(reason: string): Promise<void> {
    this.heartbeat?.stop();
    if (this.bot && this.polling) {
      try {
        this.bot.stop(reason);
      } catch {
        // not running (start failed half-way): nothing to stop
      }
      await this.polling.catch(() => undefined);
    }
    await this.clone?.stop().catch((error: unknown) => this.logger.warn('clone bot jobs did not stop cleanly', { error }));
    await this.connection?.close().catch(() => undefined);
  }
}

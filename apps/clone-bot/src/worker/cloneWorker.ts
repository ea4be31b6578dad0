import type { Connection } from 'mongoose';
import {
  AppError,
  ErrorRecordTransport,
  WorkerExitCode,
  cloneDatabaseName,
  cloneModel,
  cloneTokenModel,
  connectDatabase,
  errorRecordModel,
  heartbeatModel,
  openToken,
  placementModel,
  hostModel,
  DEFAULT_FENCING,
  readWorkerSecrets,
  registerSecret,
  type AppConfig,
  type CloneDoc,
  type Logger,
} from '@motherbot/core';
import { createCloneBot, type CloneBot } from '../bot/createCloneBot';
import { launchPolling, pollingEndReason, telegramErrorCode, type PollingLaunch } from '@motherbot/bot-kit';
import type { WorkerCounters } from '../bot/workerCounters';
import { Heartbeat } from './heartbeat';
import { PlacementFence } from './placementFence';
import { launchCloneWebhook } from './webhookIntake';
import { WebhookWatch } from './webhookWatch';

const CONFLICT_GRACE_MS = 20_000;

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
 * with getMe, takes updates (polling, or in webhook mode on its socket behind the host's
 * ingress), beats. Telegram's verdicts become exit codes the manager understands:
 * 401 → TokenInvalid, 409 → Conflict (PM2 does not restart on either).
 */
export class CloneWorker {
  private connection?: Connection;
  private clone?: CloneBot;
  private heartbeat?: Heartbeat;
  /** How updates come in: long polling, or in webhook mode the worker's socket behind the host's ingress. */
  private intake?: Pick<PollingLaunch, 'ended' | 'stop'>;
  private webhookWatch?: WebhookWatch;
  private stopping = false;
  private errorTransport?: ErrorRecordTransport;
  private fence?: PlacementFence;
  /**
   * Set when the placement fence stopped this worker because it could not confirm its placement:
   * its last getUpdates must come within the fencing budget, since another host may start this
   * clone by the clock alone. A placement that moved needs no such hurry: the next host starts
   * at the release this host writes once the worker has exited, or after the takeover delay.
   */
  private unconfirmed = false;
  readonly counters: WorkerCounters = { updates: 0, errors: 0 };

  constructor(
    private readonly cloneId: string,
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  /** Resolves once polling runs; `onStopped` receives the exit code when polling ends. */
  async start(onStopped: (exitCode: number) => void): Promise<void> {
    const { cloneId, config, logger } = this;
    let secrets: ReturnType<typeof readWorkerSecrets>;
    try {
      secrets = readWorkerSecrets(config.dataDir, cloneId);
    } catch (error) {
      // Not worth a restart: the manager writes the file before it starts the worker.
      throw new WorkerStartError(WorkerExitCode.BadSetup, (error as Error).message, cloneId);
    }
    registerSecret(secrets.mongoUri);
    registerSecret(secrets.cloneKey);
    const cloneKey = Buffer.from(secrets.cloneKey, 'base64');
    this.connection = await connectDatabase(secrets.mongoUri, { dbName: config.databaseName, maxPoolSize: config.cloneDbPoolSize });
    // Errors of this worker are grouped and counted in the platform database (admins: /errors).
    this.errorTransport = new ErrorRecordTransport(errorRecordModel(this.connection), { process: `clone:${cloneId}`, cloneId });
    logger.add(this.errorTransport);
    const [clone, sealed] = await Promise.all([
      cloneModel(this.connection).findById(cloneId).lean<CloneDoc>(),
      cloneTokenModel(this.connection).findById(cloneId).lean(),
    ]);
    if (!clone || clone.deletedAt || !sealed) throw new WorkerStartError(WorkerExitCode.BadSetup, 'clone not found or deleted', cloneId);
    let token: string;
    try {
      token = openToken(cloneKey, cloneId, sealed.sealed);
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
        cloneKey,
        cloneDb,
        logger,
        counters: this.counters,
        userRatePerMinute: config.userRatePerMinute,
        broadcastRatePerSecond: config.broadcastRatePerSecond,
        shortenerAllowInternal: config.shortenerAllowInternal,
      },
    );
    // Telegram calls ride out 429/5xx/network failures through the bot's one retry layer (createCloneBot).
    const bot = this.clone.bot;
    // getMe and the clone's own start (its database's shape, broadcasts, deletions) at once:
    // neither needs the other, and together they are most of a start after the module loading.
    const [identified, started] = await Promise.allSettled([bot.telegram.getMe(), this.clone.start()]);
    // A rejected token is the verdict the manager needs, whatever the database said meanwhile.
    if (identified.status === 'rejected') {
      if (pollingEndReason(identified.reason) === 'token_invalid') throw new WorkerStartError(WorkerExitCode.TokenInvalid, 'Telegram rejected the token (401)', cloneId);
      throw identified.reason;
    }
    if (started.status === 'rejected') throw started.reason;
    bot.botInfo = identified.value;
    this.heartbeat = new Heartbeat(heartbeatModel(this.connection), cloneId, this.counters, config.heartbeatIntervalMs, (error) =>
      logger.warn('heartbeat failed', { error }),
    );
    if (config.hostId) {
      // Several hosts: poll only under the placement this worker was started for (its fencing token).
      const fenceModels = { placement: placementModel(this.connection), host: hostModel(this.connection) };
      this.fence = new PlacementFence(fenceModels, { cloneId, hostId: config.hostId, epoch: config.placementEpoch }, DEFAULT_FENCING, (reason, doc) => {
        logger.warn('placement fence: stopping', { reason, hostId: config.hostId, epoch: config.placementEpoch, placedOn: doc?.hostId, placedEpoch: doc?.epoch });
        // Either way another host may start this clone by the clock alone: stop within the budget.
        this.unconfirmed = reason === 'unconfirmed' || reason === 'host-still';
        onStopped(WorkerExitCode.Fenced);
      });
      if (!(await this.fence.confirm())) throw new WorkerStartError(WorkerExitCode.Fenced, 'the clone is placed on another host or epoch', cloneId);
    }
    if (this.stopping) return;
    const intakeStarted = config.webhookBaseUrl ? this.launchWebhook(onStopped, cloneKey) : this.launchPolling();
    this.intake!.ended.then(
      () => onStopped(WorkerExitCode.Clean),
      (error: unknown) => {
        const reason = pollingEndReason(error);
        const exitCode = reason === 'token_invalid' ? WorkerExitCode.TokenInvalid : reason === 'conflict' ? WorkerExitCode.Conflict : 1;
        logger.error(config.webhookBaseUrl ? 'webhook stopped' : 'polling stopped', { code: telegramErrorCode(error), error });
        onStopped(exitCode);
      },
    );
    await intakeStarted;
    this.webhookWatch?.start();
    this.fence?.start();
    this.heartbeat.start();
    this.clone.startBackground();
    logger.info(config.webhookBaseUrl ? 'clone worker takes updates by webhook' : 'clone worker polling', { bot: clone.botUsername });
  }

  /**
   * Updates are handled concurrently (64 at most), one chat at a time, without waiting for a
   * whole batch. A 409 right after start usually means our predecessor (an orphan of a dead
   * PM2 daemon, or a worker PM2 is still stopping) polls a few seconds longer: it is waited
   * out before it counts as a conflict. Guarded by the PM2-daemon case of the faults test.
   */
  private launchPolling(): Promise<void> {
    const { logger } = this;
    const polling = launchPolling(this.clone!.bot, {
      conflictGraceMs: CONFLICT_GRACE_MS,
      onConflictRetry: () => logger.warn('another poller holds the token (409); trying again shortly'),
      onError: (error, update) => logger.error('update handler failed', { updateId: update.update_id, error }),
      onRetry: (error, delayMs) => logger.warn('getUpdates failed, retrying', { delayMs, error: (error as Error).message }),
    });
    this.intake = polling;
    return polling.polling;
  }

  /**
   * Webhook mode: the worker listens on its socket behind the host's ingress and sets its
   * webhook (webhookIntake.ts); a watch sets it again when Telegram reports another URL, unless
   * the placement fence says this worker no longer owns the clone (several hosts).
   */
  private launchWebhook(onStopped: (exitCode: number) => void, cloneKey: Buffer): Promise<void> {
    const { cloneId, config, logger } = this;
    const bot = this.clone!.bot;
    const { launch, expected } = launchCloneWebhook(bot, { cloneId, config, cloneKey, logger });
    this.intake = launch;
    const fence = this.fence;
    this.webhookWatch = new WebhookWatch(bot.telegram, expected, logger, {
      mayRepair: fence ? () => fence.confirm().catch(() => false) : undefined,
      onTokenInvalid: () => onStopped(WorkerExitCode.TokenInvalid),
      onStatus: () => this.heartbeat?.refresh(),
    });
    this.heartbeat!.webhookStatus = () => this.webhookWatch?.status;
    return launch.ready;
  }

  /** Stops taking updates (polling or webhook), lets in-flight updates finish, writes a last beat and closes the database. */
  async stop(reason: string): Promise<void> {
    this.stopping = true;
    this.fence?.stop();
    this.logger.debug('clone worker stops', { reason });
    // Polling first, before anything that waits on the database (a last heartbeat can hang when
    // the database is away): the offset of finished updates is confirmed while this worker may
    // still poll. In-flight updates get part of PM2's kill timeout (cutting a handler short after
    // it replied would have the next worker reply again), or, when the placement could not be
    // confirmed, what is left of the fencing budget (DEFAULT_FENCING.stopMs).
    const deadlineMs = this.unconfirmed ? Math.min(500, DEFAULT_FENCING.stopMs / 3) : Math.max(500, this.config.cloneKillTimeoutMs / 2);
    await this.webhookWatch?.stop();
    await this.intake?.stop({ deadlineMs });
    await this.intake?.ended.catch(() => undefined);
    await this.heartbeat?.stop();
    await this.clone?.stop().catch((error: unknown) => this.logger.warn('clone bot jobs did not stop cleanly', { error }));
    if (this.errorTransport) {
      await this.errorTransport.flush();
      this.logger.remove(this.errorTransport);
    }
    await this.connection?.close().catch(() => undefined);
  }
}

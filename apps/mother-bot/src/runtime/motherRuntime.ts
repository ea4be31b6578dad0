import type { Connection } from 'mongoose';
import type { AppConfig, Logger, PlatformModels } from '@motherbot/core';
import type { CloneManager } from '../cloneManager/cloneManager';
import { Pm2Client } from '../cloneManager/pm2Client';
import type { Monitoring } from '../monitoring/monitoring';
import type { MotherServices } from '../services/motherServices';
import { startBot, type PollingState } from './parts/botPart';
import { startClones } from './parts/clonesPart';
import { startDatabase } from './parts/databasePart';
import { startMonitoring } from './parts/monitoringPart';
import { startOps } from './parts/opsPart';
import { startServices } from './parts/servicesPart';
import type { StartContext, StartupStepName } from './parts/startContext';
import { startTelegram } from './parts/telegramPart';
import { startWebhookIngress } from './parts/webhookPart';
import { motherStartupHints } from './startupHints';
import { STARTUP_DEADLINES_MS } from './startupDeadlines';
import { StartupSteps, type StartupStep } from './startupSteps';

export { STARTUP_DEADLINES_MS } from './startupDeadlines';

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


/** A started mother's parts, for those who embed it (the dev launcher, the bench, tests). */
export interface RunningMother {
  connection: Connection;
  models: PlatformModels;
  manager: CloneManager;
  services: MotherServices;
  monitoring: Monitoring;
  /** Base URL of the status server, when it listens. */
  statusUrl?: string;
}

/**
 * The mother process, composed of parts that each start themselves and say how to stop
 * (`runtime/parts/`): the database, the Telegram connection, PM2 and the clone manager,
 * monitoring and the status server, the owner and admin services, the ops jobs, and last the
 * bot, which takes updates only once everything it uses runs. `stop` undoes them in reverse
 * order and never stops clone workers: they belong to PM2 and are adopted by the next mother.
 */
export class MotherRuntime {
  private readonly steps: StartupSteps;
  private readonly stops: Array<{ name: string; stop: () => Promise<unknown> | void }> = [];
  private starting?: Promise<RunningMother>;

  constructor(private readonly options: MotherRuntimeOptions) {
    this.steps = new StartupSteps(options.stepDeadlinesMs);
  }

  /**
   * Runs the start-up steps, each under its deadline (STARTUP_DEADLINES_MS). A failed step
   * rejects with a StartupStepError whose message is the one line to log; `stop()` during the
   * start cuts the step in progress short (StartupAbortedError) and undoes what started.
   */
  start(): Promise<RunningMother> {
    this.starting ??= this.startParts();
    return this.starting;
  }

  private async startParts(): Promise<RunningMother> {
    const { config, logger, clock } = this.options;
    // A stop waits for the worker's own stop, up to its kill timeout.
    const pm2 = new Pm2Client(this.options.pm2Home, { stopMs: config.cloneKillTimeoutMs + 15_000 });
    const hints = motherStartupHints(config, pm2.home);
    const steps = this.steps;
    const ctx: StartContext = {
      config,
      logger,
      clock,
      step: <T>(name: StartupStepName, run: (signal: AbortSignal) => Promise<T>, more: Partial<StartupStep<T>> = {}) =>
        steps.run({ name, deadlineMs: STARTUP_DEADLINES_MS[name], hint: hints[name], run, ...more }),
      aborted: () => steps.aborted,
      onStop: (name, stop) => void this.stops.push({ name, stop }),
    };
    const polling: PollingState = { active: false };

    const db = await startDatabase(ctx, this.options.mongoUri);
    const telegram = await startTelegram(ctx);
    const clones = await startClones(ctx, { db, telegram, pm2, workerScript: this.options.workerScript });
    const { monitoring, statusUrl } = await startMonitoring(ctx, { db, clones, sendAlert: telegram.sendAlert, botPolling: () => (polling.standby ? 'standby' : polling.active) });
    const ingress = await startWebhookIngress(ctx, { clones, monitoring });
    const services = await startServices(ctx, { db, clones, telegram, monitoring });
    startOps(ctx, db);
    await startBot(ctx, { db, telegram, services, monitoring, state: polling, ...(ingress ? { webhook: { ingress, masterKey: clones.masterKey } } : {}) });
    return { connection: db.connection, models: db.models, manager: clones.manager, services: services.services, monitoring, statusUrl };
  }

  /**
   * Stops taking updates, lets in-flight ones finish, then stops every part in the reverse order
   * of its start, closing the database last. Called during `start()`, it cuts the step in
   * progress short first, and stops what had started. A part that fails to stop is logged and
   * the others still stop.
   */
  async stop(): Promise<void> {
    this.steps.abort();
    await this.starting?.catch(() => undefined);
    // A database connection attempt in flight gives up within the driver's 5 s server selection.
    await this.steps.settled(6000);
    while (this.stops.length > 0) {
      const { name, stop } = this.stops.pop()!;
      try {
        await stop();
      } catch (error) {
        this.options.logger.warn('part of the mother did not stop cleanly', { part: name, error });
      }
    }
  }
}


import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import {
  acquireLease,
  cloneIdOfWorkerName,
  deriveCloneKey,
  releaseLease,
  removeWorkerSecrets,
  scanCloneViews,
  subscriptionPolicy,
  workerName,
  writeWorkerSecrets,
  type AppConfig,
  type CloneDoc,
  type Logger,
  type PlatformModels,
} from '@motherbot/core';
import { waitForFirstBeat } from './firstBeat';
import { observeClone } from './observe';
import { Pm2Error, type Pm2Client, type Pm2Process } from './pm2Client';
import { planReconcile, type DesiredClone, type ReconcileAction } from './reconcilePlan';
import { workerStartOptions } from './workerStartOptions';

/** The manager's own lifecycle. */
export enum CloneManagerState {
  New = 'new',
  Running = 'running',
  Stopping = 'stopping',
  Stopped = 'stopped',
}

export interface CloneManagerOptions {
  config: AppConfig;
  models: PlatformModels;
  pm2: Pm2Client;
  logger: Logger;
  masterKey: string;
  /** URI the workers use (written to their runtime files, never to their environment). */
  mongoUri: string;
  workerScript: string;
  clock?: () => Date;
  /**
   * Several hosts: this host's placements decide which clones run here (instead of the
   * `clone-manager` lease, which gives one mother every clone).
   */
  host?: HostPlacements;
  /** Deletes the webhook of a clone stopped for good (off the reconcile pass: see CloneWebhookRemoval). */
  webhooks?: { remove(cloneId: string): void; cancel(cloneId: string): void };
}

/** What the manager needs of the multi-host layer (apps/mother-bot/src/hosts). */
export interface HostPlacements {
  hostId: string;
  /** False while this host is fenced (its beats do not reach the database): it must not start anything. */
  mayAct(): boolean;
  /** The clones placed on this host: their epoch, and whether a worker may start now (the previous host's is surely stopped). */
  read(): Promise<Map<string, { epoch: number; startable: boolean }>>;
  /** Records that this host stopped the worker it ran for `epoch` (the next host need not wait). */
  released(cloneId: string, epoch: number): Promise<void>;
}

export interface ReconcileReport {
  at: Date;
  durationMs: number;
  leaseHeld: boolean;
  actions: ReconcileAction['type'][];
  errors: number;
}

export interface CloneManagerEvents {
  live: [{ cloneId: string; ownerId: number; botUsername: string }];
  tokenInvalid: [{ cloneId: string; ownerId: number; botUsername: string; conflict: boolean }];
  crashLoop: [{ cloneId: string; ownerId: number; botUsername: string; restarts: number }];
  reconciled: [ReconcileReport];
}

const LEASE = 'clone-manager';

/**
 * Keeps PM2 in step with the database (level-triggered). Desired state lives in MongoDB;
 * PM2's process list is the actual state; `reconcileOnce` plans with the pure planReconcile and
 * applies the actions one by one. An error on one clone is logged and retried next pass; it
 * never stops the loop. Only the holder of the `clone-manager` lease acts, so two mothers
 * never both start a worker. Stopping the manager never stops workers.
 */
export class CloneManager extends EventEmitter<CloneManagerEvents> {
  private stateValue = CloneManagerState.New;
  private timer?: NodeJS.Timeout;
  private running?: Promise<ReconcileReport>;
  private again = false;
  private readonly holder = `${process.pid}-${randomBytes(4).toString('hex')}`;
  /** Workers just started whose owner waits to hear "live": see watchFirstBeat. */
  private readonly firstBeats = new Map<string, Promise<void>>();
  private readonly clock: () => Date;
  /** This pass's placements on this host (several hosts only). */
  private placements = new Map<string, { epoch: number; startable: boolean }>();
  lastReport?: ReconcileReport;

  constructor(private readonly options: CloneManagerOptions) {
    super();
    this.clock = options.clock ?? (() => new Date());
  }

  get state(): CloneManagerState {
    return this.stateValue;
  }

  /** Runs a first reconcile (adopting surviving workers), then one every interval. */
  async start(): Promise<void> {
    this.stateValue = CloneManagerState.Running;
    await this.reconcileNow();
    this.schedule();
  }

  private schedule(): void {
    if (this.stateValue !== CloneManagerState.Running) return;
    this.timer = setTimeout(() => {
      void this.reconcileNow().finally(() => this.schedule());
    }, this.options.config.reconcileIntervalMs);
  }

  /**
   * Reconciles now, or right after the pass in progress (changes made during a pass are not
   * lost). Concurrent callers share one pass. Never rejects.
   */
  async reconcileNow(): Promise<ReconcileReport> {
    if (this.running) {
      this.again = true;
      await this.running.catch(() => undefined);
      if (this.running) return this.running;
    }
    this.running = this.reconcileOnce().finally(() => {
      this.running = undefined;
    });
    const report = await this.running;
    if (this.again && this.stateValue === CloneManagerState.Running) {
      this.again = false;
      return this.reconcileNow();
    }
    return report;
  }

  private async reconcileOnce(): Promise<ReconcileReport> {
    const started = performance.now();
    const { config, models, pm2, logger } = this.options;
    const now = this.clock();
    const report: ReconcileReport = { at: now, durationMs: 0, leaseHeld: false, actions: [], errors: 0 };
    try {
      const host = this.options.host;
      report.leaseHeld = host ? host.mayAct() : await acquireLease(models.Lease, LEASE, this.holder, config.reconcileIntervalMs * 3, now);
      if (!report.leaseHeld) return report;
      const [views, heartbeats, listed, placements] = await Promise.all([
        scanCloneViews(models, subscriptionPolicy(config), now),
        models.Heartbeat.find({}, { pid: 1, at: 1 }).lean(),
        pm2.list(),
        host ? host.read() : Promise.resolve(undefined),
      ]);
      let processes = listed;
      if (host && placements) {
        this.placements = placements;
        processes = await this.dropStaleEpochs(host, listed, placements);
      }
      const beats = new Map(heartbeats.map((h) => [h._id, h]));
      // Several hosts: only the clones placed here, and of those only the ones whose previous
      // host is surely stopped (or that already run here under the current epoch).
      const here = placements
        ? views.filter(({ clone }) => {
            const placed = placements.get(clone._id);
            return placed !== undefined && (placed.startable || processes.some((p) => p.name === workerName(clone._id) && p.placementEpoch === placed.epoch));
          })
        : views;
      const desired: DesiredClone[] = here.map(({ clone, verdict }) => ({
        cloneId: clone._id,
        restartRequestedAt: clone.restartRequestedAt,
        tokenUpdatedAt: clone.tokenUpdatedAt,
        verdict,
      }));
      const byId = new Map(here.map(({ clone }) => [clone._id, clone]));
      for (const action of planReconcile(desired, processes, config.pm2Namespace, config.webhookBaseUrl)) {
        report.actions.push(action.type);
        try {
          await this.apply(action, byId, beats, now);
        } catch (error) {
          report.errors += 1;
          logger.error('reconcile action failed', { action: action.type, cloneId: 'cloneId' in action ? action.cloneId : undefined, error });
        }
      }
    } catch (error) {
      report.errors += 1;
      logger.error('reconcile pass failed', { error });
      if (error instanceof Pm2Error && this.stateValue === CloneManagerState.Running) {
        // The daemon is gone or unreachable: reconnecting spawns a new one for the next pass.
        await pm2.reconnect().then(
          () => logger.warn('reconnected to PM2'),
          (reconnectError: unknown) => logger.error('PM2 reconnect failed', { error: reconnectError }),
        );
      }
    } finally {
      report.durationMs = performance.now() - started;
      this.lastReport = report;
      this.emit('reconciled', report);
    }
    return report;
  }

  private async apply(
    action: ReconcileAction,
    clones: Map<string, CloneDoc>,
    beats: Map<string, { pid: number; at: Date }>,
    now: Date,
  ): Promise<void> {
    const { config, models, pm2, logger } = this.options;
    switch (action.type) {
      case 'start': {
        if (action.replacePmId !== undefined) {
          await pm2.delete(action.replacePmId);
          // A replaced dead worker counts as a restart for the crash-loop rule: PM2's own
          // counter starts again at 0 for the new process. (observe writes the log below.)
          const clone = clones.get(action.cloneId);
          if (clone) clone.restartLog = [...(clone.restartLog ?? []), now];
        }
        this.options.webhooks?.cancel(action.cloneId);
        writeWorkerSecrets(config.dataDir, {
          cloneId: action.cloneId,
          mongoUri: this.options.mongoUri,
          cloneKey: deriveCloneKey(this.options.masterKey, action.cloneId).toString('base64'),
        });
        const since = Date.now();
        const host = this.options.host;
        const placed = host ? this.placements.get(action.cloneId) : undefined;
        await pm2.start(workerStartOptions(action.cloneId, config, this.options.workerScript, host && placed ? { hostId: host.hostId, epoch: placed.epoch } : undefined));
        this.watchFirstBeat(clones.get(action.cloneId), since);
        await models.Clone.updateOne({ _id: action.cloneId }, { $set: { status: 'starting', statusReason: 'ok', 'runtime.restarts': 0 } });
        logger.info('clone worker started', { cloneId: action.cloneId });
        return;
      }
      case 'restart': {
        const since = Date.now();
        await pm2.restart(action.pmId);
        this.watchFirstBeat(clones.get(action.cloneId), since);
        logger.info('clone worker restarted on request', { cloneId: action.cloneId });
        return;
      }
      case 'switchMode': {
        // Switching between polling and webhooks is a restart with the new settings (PM2's own restart keeps the old environment).
        await pm2.delete(action.pmId);
        await this.apply({ type: 'start', cloneId: action.cloneId }, clones, beats, now);
        logger.info('clone worker restarted in the other update mode', { cloneId: action.cloneId, webhook: Boolean(config.webhookBaseUrl) });
        return;
      }
      case 'stop':
        await pm2.stop(action.pmId);
        this.options.webhooks?.remove(action.cloneId);
        logger.info('clone worker stopped', { cloneId: action.cloneId, verdict: action.verdict });
        return;
      case 'delete': {
        await pm2.delete(action.pmId);
        const cloneId = action.name.replace(/^clone-/, '');
        if (action.reason === 'deleted') this.options.webhooks?.remove(cloneId);
        if (action.epoch !== undefined && action.epoch !== null) await this.options.host?.released(cloneId, action.epoch);
        if (action.reason !== 'duplicate') removeWorkerSecrets(config.dataDir, cloneId);
        logger.warn('clone worker removed from PM2', { name: action.name, reason: action.reason });
        return;
      }
      case 'markTokenInvalid': {
        const marked = await models.Clone.findOneAndUpdate(
          { _id: action.cloneId, tokenInvalidAt: null },
          { $set: { tokenInvalidAt: now, tokenProblem: action.conflict ? 'conflict' : 'revoked', status: 'token_invalid', statusReason: 'token_invalid' } },
          { returnDocument: 'after' },
        ).lean<CloneDoc>();
        // The observation later in this pass was planned with the old verdict: tell it.
        const known = clones.get(action.cloneId);
        if (known) known.tokenInvalidAt = now;
        if (marked) {
          logger.warn('clone token rejected by Telegram', { cloneId: action.cloneId, conflict: action.conflict });
          this.emit('tokenInvalid', { cloneId: marked._id, ownerId: marked.ownerId, botUsername: marked.botUsername, conflict: action.conflict });
        }
        return;
      }
      case 'observe': {
        const clone = clones.get(action.cloneId);
        if (!clone) return;
        const verdict = action.verdict === 'ok' && clone.tokenInvalidAt ? 'token_invalid' : action.verdict;
        const outcome = await observeClone(models, clone, action.process, verdict, beats.get(clone._id), now, {
          crashLoopRestarts: config.crashLoopRestarts,
          crashLoopWindowMs: config.crashLoopWindowMin * 60_000,
        });
        if (outcome.live) this.emit('live', { cloneId: clone._id, ownerId: clone.ownerId, botUsername: clone.botUsername });
        if (outcome.crashLoop) {
          logger.error('clone worker crash-looping: stopped', { cloneId: clone._id, restarts: outcome.recentRestarts });
          this.emit('crashLoop', { cloneId: clone._id, ownerId: clone.ownerId, botUsername: clone.botUsername, restarts: outcome.recentRestarts });
          this.again = true;
        }
        return;
      }
    }
  }

  /**
   * Several hosts: a worker of a clone placed here under an older epoch (the clone moved away and
   * back) is removed before the plan, which then starts it under the current epoch.
   */
  private async dropStaleEpochs(host: HostPlacements, processes: Pm2Process[], placements: Map<string, { epoch: number }>): Promise<Pm2Process[]> {
    const kept: Pm2Process[] = [];
    for (const p of processes) {
      const cloneId = cloneIdOfWorkerName(p.name);
      const placed = cloneId ? placements.get(cloneId) : undefined;
      if (!cloneId || !placed || p.namespace !== this.options.config.pm2Namespace || p.placementEpoch === placed.epoch) {
        kept.push(p);
        continue;
      }
      await this.options.pm2.delete(p.pmId);
      if (p.placementEpoch !== null) await host.released(cloneId, p.placementEpoch);
      this.options.logger.info('clone worker of an older placement removed', { cloneId, epoch: p.placementEpoch, current: placed.epoch });
    }
    return kept;
  }

  /**
   * Several hosts: this host is fenced, so every clone worker it runs stops now (PM2 needs no
   * database for that). The next reconcile after the host is unfenced starts those still placed here.
   */
  async stopAllWorkers(): Promise<void> {
    const { pm2, config, logger } = this.options;
    const processes = await pm2.list();
    await Promise.all(
      processes
        .filter((p) => p.namespace === config.pm2Namespace && cloneIdOfWorkerName(p.name) && p.status !== 'stopped')
        .map((p) => pm2.stop(p.pmId).catch((error: unknown) => logger.error('could not stop a worker of a fenced host', { name: p.name, error }))),
    );
  }

  /**
   * Reconciles again as soon as a worker started for an owner who waits to hear "live" writes
   * its first heartbeat, instead of on the next periodic pass. Never blocks the pass.
   */
  private watchFirstBeat(clone: CloneDoc | undefined, since: number): void {
    if (!clone?.notifyOwnerOnLive || this.firstBeats.has(clone._id)) return;
    const cancelled = (): boolean => this.stateValue !== CloneManagerState.Running;
    const watch = waitForFirstBeat(this.options.models, clone._id, since, { intervalMs: 200, timeoutMs: 60_000, cancelled })
      .then(async (beat) => {
        if (beat && !cancelled()) await this.reconcileNow();
      })
      .catch((error: unknown) => {
        this.options.logger.warn('waiting for a first heartbeat failed', { cloneId: clone._id, error });
      })
      .finally(() => this.firstBeats.delete(clone._id));
    this.firstBeats.set(clone._id, watch);
  }

  /** Stops the loop (not the workers) and gives up the lease. */
  async stop(): Promise<void> {
    if (this.stateValue !== CloneManagerState.Running) return;
    this.stateValue = CloneManagerState.Stopping;
    clearTimeout(this.timer);
    // They see the state at their next read (every 200 ms); a read stuck on a lost database
    // must not hold the shutdown.
    await Promise.race([Promise.all(this.firstBeats.values()), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    await this.running?.catch(() => undefined);
    await releaseLease(this.options.models.Lease, LEASE, this.holder).catch(() => undefined);
    this.stateValue = CloneManagerState.Stopped;
  }
}

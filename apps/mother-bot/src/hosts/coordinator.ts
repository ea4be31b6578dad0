import {
  FencedLease,
  LivenessObserver,
  planPlacements,
  scanCloneViews,
  subscriptionPolicy,
  type AppConfig,
  type FencingTimings,
  type HostDoc,
  type Logger,
  type PlacementDoc,
  type PlacementMove,
  type PlatformModels,
} from '@motherbot/core';

const isDead = (hostId: string, deadHosts: readonly string[]): boolean => deadHosts.includes(hostId);

/** One pass of the coordinator, for metrics, `npm run hosts` and tests. */
export interface CoordinatorReport {
  at: Date;
  active: boolean;
  dead: string[];
  moves: PlacementMove[];
  unplaced: string[];
  removed: number;
}

export interface CoordinatorOptions {
  config: AppConfig;
  models: PlatformModels;
  logger: Logger;
  hostId: string;
  timings: FencingTimings;
  /** Share of running clones a drain or rebalance may move per pass. */
  maxMoveShare?: number;
  now?: () => number;
}

/**
 * Decides which host runs which clone. Every host runs one; the one holding the `coordinator`
 * lease (a FencedLease) acts, the others only watch. Each pass reads every host's beat counter
 * (the liveness observer decides who is dead on this process's own clock), every placement and
 * every clone's verdict, plans with the pure planPlacements and writes each move as a point
 * write of the placement by the clone's id. The coordinator is the only writer of placements.
 */
export class Coordinator {
  readonly lease: FencedLease;
  private readonly observer: LivenessObserver;
  private timer?: NodeJS.Timeout;
  private running?: Promise<CoordinatorReport>;
  /**
   * The plan reads every clone, subscription and banned user: it runs once per reconcile
   * interval, and at the next pass when something changed (a host died, joined or drains, a
   * clone was created or changed, the last plan moved clones or failed). The beat counters are
   * read every pass (every beat).
   */
  private planned: { at: number; hosts: string } | undefined;
  private planWanted = true;
  lastReport?: CoordinatorReport;

  constructor(private readonly options: CoordinatorOptions) {
    const { models, hostId, timings } = options;
    this.lease = new FencedLease(models.FencedLease, 'coordinator', hostId, timings, options.now);
    // A long pass (the plan scans every clone) between two reads hides no beat: the counter only
    // grows, so the same value at both ends means it stood still. Only a far longer gap (the
    // process was paused or cut off) restarts the watch.
    this.observer = new LivenessObserver(timings.deadAfterMs, Math.max(timings.beatMs * 3, timings.fenceAfterMs));
  }

  start(): void {
    const loop = (): void => {
      this.timer = setTimeout(() => void this.passNow().finally(loop), this.options.timings.beatMs);
    };
    void this.passNow().finally(loop);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await this.lease.release();
  }

  /** Asks the next pass to plan (a clone was created or changed). */
  requestPlan(): void {
    this.planWanted = true;
  }

  /** One pass (or the one in progress). Never rejects. */
  passNow(): Promise<CoordinatorReport> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<CoordinatorReport> {
    const { models, logger, config, timings } = this.options;
    const now = this.options.now ?? (() => performance.now());
    const report: CoordinatorReport = { at: new Date(), active: false, dead: [], moves: [], unplaced: [], removed: 0 };
    try {
      await this.lease.tick();
      const hosts = await models.Host.find({}).lean<HostDoc[]>();
      this.observer.observe(hosts.map((h) => ({ hostId: h._id, beat: h.beat })), now());
      report.dead = this.observer.dead();
      if (!this.lease.active()) return report;
      report.active = true;
      // What the plan depends on besides the clones: which hosts there are, alive and draining.
      const hostState = hosts.map((h) => `${h._id}:${isDead(h._id, report.dead)}:${h.draining}`).sort().join(',');
      const due = !this.planned || this.planWanted || this.planned.hosts !== hostState || now() - this.planned.at >= config.reconcileIntervalMs;
      if (!due) return report;
      this.planWanted = false;
      this.planned = { at: now(), hosts: hostState };
      const [views, placements] = await Promise.all([scanCloneViews(models, subscriptionPolicy(config), new Date()), models.Placement.find({}).lean<PlacementDoc[]>()]);
      const placed = new Map(placements.map((p) => [p._id, p]));
      const dead = new Set(report.dead);
      // A host just seen for the first time has no verdict yet: alive until watched long enough.
      const plan = planPlacements(
        hosts.map((h) => ({ hostId: h._id, alive: !dead.has(h._id), draining: h.draining, capacityClones: h.capacityClones, capacityMemoryMB: h.capacityMemoryMB })),
        views
          .filter((v) => v.verdict !== 'deleted')
          .map((v) => ({ cloneId: v.clone._id, runs: v.verdict === 'ok', hostId: placed.get(v.clone._id)?.hostId ?? null, epoch: placed.get(v.clone._id)?.epoch ?? 0 })),
        { memoryPerCloneMB: config.cloneMaxMemoryMb, maxMoveShare: this.options.maxMoveShare ?? 0.1 },
      );
      report.unplaced = plan.unplaced;
      for (const move of plan.moves) {
        // Checked before each write: a coordinator that lost its lease mid-pass stops writing.
        if (!this.lease.active()) break;
        await models.Placement.updateOne(
          { _id: move.cloneId },
          { $set: { hostId: move.to, epoch: move.epoch, previousHostId: move.from, reason: move.reason, movedAt: new Date() } },
          { upsert: true },
        );
        report.moves.push(move);
        logger.info('clone placed', { cloneId: move.cloneId, from: move.from, to: move.to, epoch: move.epoch, reason: move.reason });
      }
      const deleted = views.filter((v) => v.verdict === 'deleted' && placed.has(v.clone._id));
      for (const v of deleted) {
        if (!this.lease.active()) break;
        await models.Placement.deleteOne({ _id: v.clone._id });
        report.removed += 1;
      }
      // Each host a move touches learns of it with its next beat instead of its next reconcile:
      // the receiving one starts its new clones, the one they leave stops and releases them (so
      // the receiving one need not wait out the takeover delay).
      const touched = new Set(report.moves.flatMap((m) => (m.from && !dead.has(m.from) ? [m.from, m.to] : [m.to])));
      for (const hostId of touched) {
        await models.Host.updateOne({ _id: hostId }, { $inc: { placementsVersion: 1 } }).catch((error: unknown) => logger.warn('could not signal a host of its moved clones', { hostId, error }));
      }
      if (plan.unplaced.length > 0) logger.warn('clones fit on no host', { count: plan.unplaced.length });
      // A drain or a rebalance moves a share per plan: the next share goes at the next pass.
      if (report.moves.length > 0) this.planWanted = true;
    } catch (error) {
      this.observer.readFailed();
      this.planWanted = true;
      logger.error('coordinator pass failed', { error });
    } finally {
      this.lastReport = report;
    }
    return report;
  }
}

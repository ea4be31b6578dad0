import type { FencingTimings, HostModel, Logger } from '@motherbot/core';

export interface HostIdentity {
  hostId: string;
  capacityClones: number;
  capacityMemoryMB: number;
  draining: boolean;
}

/**
 * This host's beat: every `beatMs` it increments its host document's counter (a point write by
 * `_id`), which is how the coordinator knows it is alive. When no beat has succeeded for
 * `fenceAfterMs`, counted from when the last successful one was *sent*, the host is fenced: it
 * must stop its clone workers (`onFenced`) before the coordinator, which waits longer, gives
 * them to another host. It is unfenced by the next successful beat (`onUnfenced`); its clones
 * start again only if they are still placed here.
 */
export class HostAgent {
  private timer?: NodeJS.Timeout;
  private beating = false;
  private lastBeatSentAt: number;
  private fencedNow = false;
  private lastBeatAt = -Infinity;
  private placementsVersion: number | undefined;
  /** Clones the clone manager last counted as running here (shown in `npm run hosts`). */
  running = 0;

  constructor(
    private readonly model: HostModel,
    readonly identity: HostIdentity,
    private readonly timings: Pick<FencingTimings, 'beatMs' | 'fenceAfterMs'>,
    private readonly logger: Logger,
    private readonly hooks: { onFenced: () => void; onUnfenced: () => void; onPlacementsChanged?: () => void },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.lastBeatSentAt = -Infinity;
  }

  get hostId(): string {
    return this.identity.hostId;
  }

  /** True while the last successful beat is recent enough for this host to act. */
  mayAct(): boolean {
    return this.now() - this.lastBeatSentAt < this.timings.fenceAfterMs;
  }

  /** First beat (awaited: the host's document exists before anything else runs), then the loop. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => this.tick(), Math.min(250, this.timings.beatMs));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private tick(): void {
    if (!this.mayAct() && !this.fencedNow) {
      this.fencedNow = true;
      this.logger.error('host fenced: no beat reached the database in time; stopping this host\'s clone workers', { hostId: this.hostId });
      this.hooks.onFenced();
    }
    if (this.beating || this.now() - this.lastBeatAt < this.timings.beatMs) return;
    void this.beat();
  }

  private async beat(): Promise<void> {
    this.beating = true;
    const sentAt = this.now();
    this.lastBeatAt = sentAt;
    const { hostId, capacityClones, capacityMemoryMB, draining } = this.identity;
    try {
      const doc = await this.model.findOneAndUpdate(
        { _id: hostId },
        // HOST_DRAIN=1 drains; without it the document's own flag stands (`npm run hosts -- drain <host>` sets it).
        { $inc: { beat: 1 }, $set: { beatAt: new Date(), capacityClones, capacityMemoryMB, running: this.running, ...(draining ? { draining } : {}) }, $setOnInsert: { startedAt: new Date(), ...(draining ? {} : { draining: false }) } },
        // No projection: FerretDB 1.24 does not implement one in findAndModify (the document is small).
        { upsert: true, returnDocument: 'after' },
      ).lean<{ placementsVersion?: number }>();
      this.lastBeatSentAt = Math.max(this.lastBeatSentAt, sentAt);
      const version = doc?.placementsVersion ?? 0;
      if (this.placementsVersion !== undefined && version !== this.placementsVersion) this.hooks.onPlacementsChanged?.();
      this.placementsVersion = version;
      if (this.fencedNow) {
        this.fencedNow = false;
        this.logger.warn('host unfenced: beats reach the database again', { hostId });
        this.hooks.onUnfenced();
      }
    } catch (error) {
      this.logger.warn('host beat failed', { hostId, error });
    } finally {
      this.beating = false;
    }
  }
}

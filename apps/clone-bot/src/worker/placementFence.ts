import type { FencingTimings, PlacementDoc, PlacementModel } from '@motherbot/core';

export type FenceReason = 'moved' | 'unconfirmed';

/**
 * Several hosts: a worker polls only while its placement (host and epoch, the fencing token it
 * was started with) is still the current one. It reads its placement by `_id` every
 * `confirmMs`; a placement that names another host or epoch, or no placement, stops it for good
 * ('moved'). When no read has succeeded for `fenceAfterMs`, counted from when the last
 * successful read was *sent* (so a slow answer never stretches the window), it stops too
 * ('unconfirmed'): another host may take the clone over once the coordinator has waited out
 * its own, longer, delay (packages/core/src/hosts/fencingTimings.ts has the argument). Its agent
 * starts it again if the clone is still placed here.
 */
export class PlacementFence {
  private timer?: NodeJS.Timeout;
  private reading = false;
  private confirmedSentAt: number;
  private fenced = false;

  constructor(
    private readonly model: PlacementModel,
    private readonly placement: { cloneId: string; hostId: string; epoch: number },
    private readonly timings: Pick<FencingTimings, 'confirmMs' | 'fenceAfterMs'>,
    private readonly onFenced: (reason: FenceReason, detail: Partial<PlacementDoc> | null) => void,
    private readonly now: () => number = () => performance.now(),
  ) {
    // Started only after a confirmation the worker made before polling (see confirm()).
    this.confirmedSentAt = now();
  }

  /** One read now; resolves true when the placement is still ours. Used before polling starts. */
  async confirm(): Promise<boolean> {
    const sentAt = this.now();
    const doc = await this.model.findById(this.placement.cloneId, { hostId: 1, epoch: 1 }).lean<Pick<PlacementDoc, 'hostId' | 'epoch'>>();
    if (!doc || doc.hostId !== this.placement.hostId || doc.epoch !== this.placement.epoch) {
      this.fence('moved', doc);
      return false;
    }
    this.confirmedSentAt = Math.max(this.confirmedSentAt, sentAt);
    return true;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.tick(), Math.min(this.timings.confirmMs, 250));
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private lastReadAt = -Infinity;

  private tick(): void {
    if (this.fenced) return;
    if (this.now() - this.confirmedSentAt >= this.timings.fenceAfterMs) return this.fence('unconfirmed', null);
    if (this.reading || this.now() - this.lastReadAt < this.timings.confirmMs) return;
    this.reading = true;
    this.lastReadAt = this.now();
    this.confirm()
      .catch(() => undefined)
      .finally(() => (this.reading = false));
  }

  private fence(reason: FenceReason, doc: Partial<PlacementDoc> | null): void {
    if (this.fenced) return;
    this.fenced = true;
    this.stop();
    this.onFenced(reason, doc);
  }
}

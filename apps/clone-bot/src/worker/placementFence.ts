import type { FencingTimings, HostModel, PlacementDoc, PlacementModel } from '@motherbot/core';

export type FenceReason = 'moved' | 'unconfirmed' | 'host-still';

/**
 * Several hosts: a worker polls only while its placement (host and epoch, the fencing token it
 * was started with) is still the current one. It reads its placement by `_id` every
 * `confirmMs`; a placement that names another host or epoch, or no placement, stops it for good
 * ('moved'). When no read has succeeded for `fenceAfterMs`, counted from when the last
 * successful read was *sent* (so a slow answer never stretches the window), it stops too
 * ('unconfirmed'): another host may take the clone over once the coordinator has waited out
 * its own, longer, delay (packages/core/src/hosts/fencingTimings.ts has the argument). Its agent
 * starts it again if the clone is still placed here.
 *
 * With the same read it watches its host's beat counter: when the value has not moved for
 * `fenceAfterMs`, counted from when the read that first saw it was sent, its agent is dead, hung
 * or cut off, and it stops too ('host-still'). That is what lets the coordinator hand the clones
 * of a host it watched dead to another host at once.
 */
export class PlacementFence {
  private timer?: NodeJS.Timeout;
  private reading = false;
  private confirmedSentAt: number;
  private fenced = false;

  /** The host counter's value last seen, and when the read that first saw it was sent. */
  private hostBeat: { value: number | null; sentAt: number } | undefined;

  constructor(
    private readonly models: { placement: PlacementModel; host: HostModel },
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
    const [doc, host] = await Promise.all([
      this.models.placement.findById(this.placement.cloneId, { hostId: 1, epoch: 1 }).lean<Pick<PlacementDoc, 'hostId' | 'epoch'>>(),
      this.models.host.findById(this.placement.hostId, { beat: 1 }).lean<{ beat?: number }>(),
    ]);
    if (!doc || doc.hostId !== this.placement.hostId || doc.epoch !== this.placement.epoch) {
      this.fence('moved', doc);
      return false;
    }
    // A missing host document counts as a counter that does not move.
    const beat = host?.beat ?? null;
    if (!this.hostBeat || this.hostBeat.value !== beat) this.hostBeat = { value: beat, sentAt };
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
    if (this.hostBeat && this.now() - this.hostBeat.sentAt >= this.timings.fenceAfterMs) return this.fence('host-still', null);
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

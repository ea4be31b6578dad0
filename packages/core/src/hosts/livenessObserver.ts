/**
 * The coordinator's view of which hosts are alive, from their beat counters, on the
 * coordinator's own monotonic clock (see fencingTimings.ts for why no wall-clock time another
 * host wrote is ever trusted).
 *
 * A host is dead when its counter has not moved over successful reads that span `deadAfterMs`.
 * A read that failed, or a gap between two reads longer than `maxGapMs` (the coordinator was
 * paused, swapped out or cut off), starts every span again: the coordinator condemns only what
 * it watched continuously.
 */
export interface HostBeat {
  hostId: string;
  beat: number;
}

interface Watch {
  beat: number;
  /** Monotonic ms at which the current beat value was first seen. */
  since: number;
}

export class LivenessObserver {
  private readonly watches = new Map<string, Watch>();
  private lastReadAt: number | undefined;

  constructor(
    private readonly deadAfterMs: number,
    private readonly maxGapMs: number,
  ) {}

  /** Records a successful read of every host's counter at monotonic time `nowMs`. */
  observe(beats: readonly HostBeat[], nowMs: number): void {
    const gap = this.lastReadAt === undefined ? Infinity : nowMs - this.lastReadAt;
    if (gap > this.maxGapMs) this.watches.clear();
    this.lastReadAt = nowMs;
    const seen = new Set<string>();
    for (const { hostId, beat } of beats) {
      seen.add(hostId);
      const watch = this.watches.get(hostId);
      if (!watch || watch.beat !== beat) this.watches.set(hostId, { beat, since: nowMs });
    }
    for (const hostId of [...this.watches.keys()]) if (!seen.has(hostId)) this.watches.delete(hostId);
  }

  /** A read failed: nothing seen so far counts towards a verdict. */
  readFailed(): void {
    this.watches.clear();
    this.lastReadAt = undefined;
  }

  /** Hosts whose counter stood still for `deadAfterMs` of continuous watching, as of the last read. */
  dead(): string[] {
    if (this.lastReadAt === undefined) return [];
    const now = this.lastReadAt;
    return [...this.watches].filter(([, w]) => now - w.since >= this.deadAfterMs).map(([hostId]) => hostId);
  }

  /** How long each host's counter has stood still, as of the last read (for `npm run hosts` and metrics). */
  stillFor(): Map<string, number> {
    const now = this.lastReadAt ?? 0;
    return new Map([...this.watches].map(([hostId, w]) => [hostId, now - w.since]));
  }
}

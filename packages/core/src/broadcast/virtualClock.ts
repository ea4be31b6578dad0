import type { BroadcastClock } from './types';

/**
 * A clock for tests and simulations: time moves only when someone sleeps, and a sleep jumps it
 * forward (after yielding one turn of the event loop, so I/O and other sleepers interleave).
 * Time never goes back, so "no more than N sends in any simulated second" stays checkable while
 * a 10,000-recipient broadcast runs in seconds. Not for production use.
 */
export class VirtualClock implements BroadcastClock {
  constructor(private current = 0) {}

  now(): number {
    return this.current;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const target = this.current + Math.max(0, ms);
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (!signal?.aborted) this.current = Math.max(this.current, target);
  }

  /** Moves time forward by `ms` without anyone sleeping (e.g. to let a claim expire). */
  advance(ms: number): void {
    this.current += ms;
  }
}

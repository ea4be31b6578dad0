import { AppError } from '../errors';

/**
 * The four durations that keep a clone from being polled by two hosts at once. Every one is
 * measured by a single process on its own monotonic clock, as a duration since something it
 * did or saw itself; no process ever compares its clock with a time another host wrote. So
 * the guarantee holds whatever the hosts' wall clocks say, as long as their clocks *run* at
 * nearly the same rate (`driftRatio`), which is what any NTP-less quartz clock does.
 *
 * - `beatMs` (H): how often a host agent renews its host document (a counter it increments).
 * - `confirmMs` (W): how often a worker reads its placement and its host's counter; a new epoch
 *   or another host there and it stops polling for good.
 * - `fenceAfterMs` (F): a worker stops polling when it has not confirmed its placement for F since
 *   it *sent* its last successful read, or when its host's counter has not moved for F since it
 *   sent the read that first saw its current value (its agent is dead, hung or cut off); an agent
 *   that has not renewed its beat for F stops its workers.
 * - `deadAfterMs` (L): the coordinator declares a host dead when, over successful reads spanning
 *   L on its own clock, the host's counter did not move. A failed read restarts the span, so a
 *   coordinator cut off from the database never condemns anyone.
 * - `takeoverDelayMs` (D): a host given a clone that another host may still run waits D after
 *   it first sees the new placement before it starts the worker (no wait when the old host
 *   released it: a drain, or a worker it stopped itself).
 *
 * Why D ≥ F + stop: the old worker's last successful confirmation was sent at some t0 before
 * the reassignment at t1 (it could not have seen the new epoch, or it would have stopped). It
 * stops polling by t0 + F + stopMs at the latest: either its next read (at most W ≤ F later)
 * sees the new epoch, or reads keep failing and F runs out. The new host first sees the
 * placement at some t2 ≥ t1 > t0 and starts at t2 + D ≥ t0 + F + stopMs. Drift stretches F on
 * the old host by at most `driftRatio`, covered by the margin.
 *
 * Why a clone moved off a *dead* host starts without D: the coordinator declares a host dead
 * only after watching its counter stand still for L, from a read that came after the host's last
 * beat b. Each of that host's workers has by then stopped polling: if its reads kept succeeding,
 * the first one sent after b (by b + W) saw the last value, and F later it fenced itself; if they
 * failed from some t0 on, it fenced at t0 + F, and t0 < b + W + F or it had fenced already.
 * Either way it is stopped by b + W + F + stopMs, which L (with drift) covers. The same argument
 * lets a contender for a fenced lease act as soon as it has watched the lease stand still for L:
 * the old holder's last renewal was sent before the value the contender watched was written.
 */
export interface FencingTimings {
  beatMs: number;
  confirmMs: number;
  fenceAfterMs: number;
  deadAfterMs: number;
  takeoverDelayMs: number;
  /** How long a worker takes from deciding to stop to having no getUpdates in flight. */
  stopMs: number;
  /** Worst relative rate difference between two hosts' monotonic clocks. */
  driftRatio: number;
}

export class FencingTimingsError extends AppError {
  constructor(message: string, timings: FencingTimings) {
    super('FENCING_TIMINGS', message, { ...timings });
  }
}

/**
 * Defaults sized for the 30 s failover goal: a dead host is noticed after L = 9.5 s (plus up to a
 * beat), its clones start on other hosts at once, in about 2 s (a worker polls 1.3 s after PM2
 * starts it, more on a busy machine). A healthy host's workers see its counter move every
 * second or so; F = 6 s leaves them 3.5 s of a slow database before they fence themselves.
 * D = 8 s applies only to moves whose old host is alive and did not release the clone.
 */
export const DEFAULT_FENCING: FencingTimings = {
  beatMs: 1_000,
  confirmMs: 1_500,
  fenceAfterMs: 6_000,
  deadAfterMs: 9_500,
  takeoverDelayMs: 8_000,
  stopMs: 1_500,
  driftRatio: 0.01,
};

/** Throws when the timings would let two hosts poll one clone, or fence a healthy host. */
export function checkFencingTimings(t: FencingTimings): FencingTimings {
  const fenceWorst = t.fenceAfterMs * (1 + t.driftRatio);
  if (t.confirmMs > t.fenceAfterMs / 2) throw new FencingTimingsError('a worker must try to confirm at least twice before it fences itself (confirmMs ≤ fenceAfterMs / 2)', t);
  if (t.beatMs > t.fenceAfterMs / 2) throw new FencingTimingsError('an agent must try to beat at least twice before it fences itself (beatMs ≤ fenceAfterMs / 2)', t);
  if (t.takeoverDelayMs < fenceWorst + t.stopMs) throw new FencingTimingsError('a new host must wait until the old one has fenced itself (takeoverDelayMs ≥ fenceAfterMs × (1 + drift) + stopMs)', t);
  if (t.deadAfterMs < fenceWorst + t.beatMs) throw new FencingTimingsError('a host must have fenced itself before it is declared dead (deadAfterMs ≥ fenceAfterMs × (1 + drift) + beatMs)', t);
  if (t.deadAfterMs < (t.confirmMs + fenceWorst + t.stopMs) * (1 + t.driftRatio)) {
    throw new FencingTimingsError("a dead host's workers must have stopped before their clones start elsewhere (deadAfterMs ≥ (confirmMs + fenceAfterMs × (1 + drift) + stopMs) × (1 + drift))", t);
  }
  if (t.fenceAfterMs < t.beatMs + t.confirmMs + 2_000) {
    throw new FencingTimingsError("a healthy host's workers must see its counter move well within their fence (fenceAfterMs ≥ beatMs + confirmMs + 2 s)", t);
  }
  return t;
}

/** The time from a host's last beat to its clones starting elsewhere, at worst (before the worker's own start). */
export function worstFailoverMs(t: FencingTimings): number {
  return t.deadAfterMs + t.beatMs;
}

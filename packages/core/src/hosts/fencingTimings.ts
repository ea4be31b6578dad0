import { AppError } from '../errors';

/**
 * The four durations that keep a clone from being polled by two hosts at once. Every one is
 * measured by a single process on its own monotonic clock, as a duration since something it
 * did or saw itself; no process ever compares its clock with a time another host wrote. So
 * the guarantee holds whatever the hosts' wall clocks say, as long as their clocks *run* at
 * nearly the same rate (`driftRatio`), which is what any NTP-less quartz clock does.
 *
 * - `beatMs` (H): how often a host agent renews its host document (a counter it increments).
 * - `confirmMs` (W): how often a worker reads its placement; a new epoch or another host there
 *   and it stops polling for good.
 * - `fenceAfterMs` (F): a worker that has not confirmed its placement for F since it *sent* its
 *   last successful read stops polling until it confirms again; an agent that has not renewed
 *   its beat for F stops its workers.
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
 * Defaults sized for the 30 s failover goal: a dead host is noticed after L = 10 s (plus up to a
 * beat), its clones wait D = 8 s, then start in about 2 s (a worker polls 1.3 s after PM2 starts
 * it, more on a busy machine).
 */
export const DEFAULT_FENCING: FencingTimings = {
  beatMs: 2_000,
  confirmMs: 2_000,
  fenceAfterMs: 6_000,
  deadAfterMs: 10_000,
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
  return t;
}

/** The time from a host's last beat to its clones answering elsewhere, at worst (before the worker's own start). */
export function worstFailoverMs(t: FencingTimings): number {
  return t.deadAfterMs + t.beatMs + t.takeoverDelayMs;
}

import { checkFencingTimings, DEFAULT_FENCING, FencingTimingsError, worstFailoverMs } from '../hosts/fencingTimings';
import { LivenessObserver } from '../hosts/livenessObserver';
import { planPlacements, type PlanClone, type PlanHost } from '../hosts/placementPlan';

const host = (hostId: string, over: Partial<PlanHost> = {}): PlanHost => ({ hostId, alive: true, draining: false, capacityClones: 100, capacityMemoryMB: 100 * 80, ...over });
const clones = (n: number, hostId: string | null, prefix = 'c'): PlanClone[] =>
  Array.from({ length: n }, (_, i) => ({ cloneId: `${prefix}${String(i).padStart(3, '0')}`, runs: true, hostId, epoch: hostId ? 1 : 0 }));
const OPTIONS = { memoryPerCloneMB: 80, maxMoveShare: 0.1 };
const countBy = (moves: Array<{ to: string }>): Record<string, number> => moves.reduce<Record<string, number>>((m, x) => ({ ...m, [x.to]: (m[x.to] ?? 0) + 1 }), {});

describe('fencing timings', () => {
  it('the defaults are safe and start a dead host\'s clones elsewhere within 12 s of its last beat', () => {
    expect(checkFencingTimings(DEFAULT_FENCING)).toBe(DEFAULT_FENCING);
    expect(worstFailoverMs(DEFAULT_FENCING)).toBeLessThanOrEqual(12_000);
  });

  it('refuses a takeover delay shorter than the old host needs to fence itself', () => {
    expect(() => checkFencingTimings({ ...DEFAULT_FENCING, takeoverDelayMs: DEFAULT_FENCING.fenceAfterMs })).toThrow(FencingTimingsError);
    expect(() => checkFencingTimings({ ...DEFAULT_FENCING, confirmMs: DEFAULT_FENCING.fenceAfterMs })).toThrow(/confirm at least twice/);
    expect(() => checkFencingTimings({ ...DEFAULT_FENCING, deadAfterMs: 1_000 })).toThrow(/declared dead/);
  });

  it("refuses a dead-host verdict that could come before that host's workers stopped, and a fence a healthy host could trip", () => {
    // L = 8 s: enough for the agent (F + beat) but not for a worker that reads every 1.5 s (W + F + stop).
    expect(() => checkFencingTimings({ ...DEFAULT_FENCING, deadAfterMs: 8_000 })).toThrow(/workers must have stopped/);
    expect(() => checkFencingTimings({ ...DEFAULT_FENCING, beatMs: 3_000, confirmMs: 3_000, deadAfterMs: 12_000 })).toThrow(/see its counter move/);
  });
});

describe('LivenessObserver', () => {
  it('declares a host dead only after its counter stood still over continuous reads', () => {
    const o = new LivenessObserver(10_000, 5_000);
    o.observe([{ hostId: 'a', beat: 1 }, { hostId: 'b', beat: 1 }], 0);
    for (let t = 2_000; t <= 10_000; t += 2_000) o.observe([{ hostId: 'a', beat: 1 + t }, { hostId: 'b', beat: 1 }], t);
    expect(o.dead()).toEqual(['b']);
    expect(o.stillFor().get('a')).toBe(0);
  });

  it('forgets what it saw after a failed read or a gap, so a cut-off coordinator condemns nobody', () => {
    const o = new LivenessObserver(10_000, 5_000);
    o.observe([{ hostId: 'b', beat: 1 }], 0);
    o.observe([{ hostId: 'b', beat: 1 }], 4_000);
    o.readFailed();
    o.observe([{ hostId: 'b', beat: 1 }], 8_000);
    o.observe([{ hostId: 'b', beat: 1 }], 12_000);
    expect(o.dead()).toEqual([]);
    // 20 s without a read (the database was away): the span starts again.
    o.observe([{ hostId: 'b', beat: 1 }], 32_000);
    expect(o.dead()).toEqual([]);
    o.observe([{ hostId: 'b', beat: 1 }], 36_000);
    o.observe([{ hostId: 'b', beat: 1 }], 40_000);
    o.observe([{ hostId: 'b', beat: 1 }], 42_000);
    expect(o.dead()).toEqual(['b']);
  });

  it('drops a host whose document is gone', () => {
    const o = new LivenessObserver(1_000, 5_000);
    o.observe([{ hostId: 'a', beat: 1 }], 0);
    o.observe([], 2_000);
    expect(o.dead()).toEqual([]);
  });
});

describe('planPlacements', () => {
  it('spreads new clones over the least loaded hosts, within clone and memory capacity', () => {
    const plan = planPlacements([host('h1'), host('h2', { capacityMemoryMB: 5 * 80 }), host('h3', { alive: false })], clones(12, null), OPTIONS);
    expect(plan.moves.every((m) => m.reason === 'new' && m.epoch === 1)).toBe(true);
    expect(countBy(plan.moves)).toEqual({ h1: 7, h2: 5 });
    expect(plan.unplaced).toEqual([]);
  });

  it('moves every running clone of a dead host at once (failover is not held back), with a new epoch', () => {
    const current = [...clones(30, 'h1', 'a'), ...clones(30, 'h2', 'b'), { cloneId: 'stopped', runs: false, hostId: 'h1', epoch: 4 }];
    const plan = planPlacements([host('h1', { alive: false }), host('h2'), host('h3')], current, OPTIONS);
    expect(plan.moves).toHaveLength(30);
    expect(plan.moves.every((m) => m.from === 'h1' && m.reason === 'failover' && m.epoch === 2)).toBe(true);
    expect(countBy(plan.moves)).toEqual({ h3: 30 });
    expect(plan.moves.some((m) => m.cloneId === 'stopped')).toBe(false);
  });

  it('moves the clones of a host with no document as lost, not as a failover (nobody watched that host die)', () => {
    const plan = planPlacements([host('h2')], clones(3, 'vanished'), OPTIONS);
    expect(plan.moves.map((m) => m.reason)).toEqual(['lost', 'lost', 'lost']);
  });

  it('empties a draining host at most maxMoveShare per pass', () => {
    const current = [...clones(20, 'h1', 'a'), ...clones(20, 'h2', 'b')];
    const plan = planPlacements([host('h1', { draining: true }), host('h2'), host('h3')], current, OPTIONS);
    expect(plan.moves).toHaveLength(4);
    expect(plan.moves.every((m) => m.reason === 'drain' && m.from === 'h1')).toBe(true);
    expect(countBy(plan.moves)).toEqual({ h3: 4 });
  });

  it('fills a host that joined by rebalancing within the budget, and stops when balanced', () => {
    const first = planPlacements([host('h1'), host('h2')], clones(40, 'h1'), OPTIONS);
    expect(first.moves).toHaveLength(4);
    expect(first.moves.every((m) => m.reason === 'rebalance' && m.to === 'h2')).toBe(true);
    const balanced = [...clones(20, 'h1', 'a'), ...clones(20, 'h2', 'b')];
    expect(planPlacements([host('h1'), host('h2')], balanced, OPTIONS).moves).toEqual([]);
  });

  it('reports clones that fit nowhere', () => {
    const plan = planPlacements([host('h1', { capacityClones: 2 })], clones(3, null), OPTIONS);
    expect(plan.moves).toHaveLength(2);
    expect(plan.unplaced).toEqual(['c002']);
  });
});

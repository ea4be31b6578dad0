import { WorkerExitCode } from '@motherbot/core';
import type { Pm2Process } from '../pm2Client';
import { planReconcile, type DesiredClone } from '../reconcilePlan';

const NS = 'clones';
const proc = (cloneId: string, over: Partial<Pm2Process> = {}): Pm2Process => ({
  name: `clone-${cloneId}`,
  pmId: 1,
  pid: 100,
  status: 'online',
  namespace: NS,
  restarts: 0,
  startedAt: 1_000,
  memoryBytes: 0,
  cpu: 0,
  exitCode: null,
  placementEpoch: null,
  ...over,
});
const want = (cloneId: string, over: Partial<DesiredClone> = {}): DesiredClone => ({ cloneId, verdict: 'ok', restartRequestedAt: null, ...over });
const kinds = (actions: ReturnType<typeof planReconcile>) => actions.filter((a) => a.type !== 'observe').map((a) => a.type);

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';

describe('planReconcile', () => {
  it('starts a clone that should run and has no process', () => {
    expect(kinds(planReconcile([want(A)], [], NS))).toEqual(['start']);
  });

  it('adopts a running process without touching it, and is idempotent', () => {
    const actions = planReconcile([want(A)], [proc(A)], NS);
    expect(kinds(actions)).toEqual([]);
    expect(actions).toEqual([{ type: 'observe', cloneId: A, process: proc(A), verdict: 'ok' }]);
  });

  it('replaces a running worker started in the other update mode (polling / webhook), and only a running one', () => {
    const hook = 'https://bots.example.com';
    expect(planReconcile([want(A)], [proc(A)], NS, hook)).toContainEqual({ type: 'switchMode', cloneId: A, pmId: 1 });
    expect(planReconcile([want(A)], [proc(A, { webhookBaseUrl: hook })], NS)).toContainEqual({ type: 'switchMode', cloneId: A, pmId: 1 });
    expect(kinds(planReconcile([want(A)], [proc(A, { webhookBaseUrl: hook })], NS, hook))).toEqual([]);
    expect(kinds(planReconcile([want(A, { verdict: 'owner_stopped' })], [proc(A, { status: 'stopped' })], NS, hook))).toEqual([]);
  });

  it('stops what must not run, and leaves an already stopped one alone', () => {
    expect(planReconcile([want(A, { verdict: 'expired' })], [proc(A)], NS)).toContainEqual({ type: 'stop', cloneId: A, pmId: 1, verdict: 'expired' });
    expect(kinds(planReconcile([want(A, { verdict: 'suspended' })], [proc(A, { status: 'stopped' })], NS))).toEqual([]);
  });

  it('deletes processes of deleted or unknown clones, and ignores other namespaces and names', () => {
    const actions = planReconcile(
      [want(A, { verdict: 'deleted' })],
      [proc(A, { pmId: 1 }), proc(B, { pmId: 2, placementEpoch: 4 }), proc(B, { pmId: 3, namespace: 'default' }), { ...proc(A), name: 'motherbot', pmId: 4 }],
      NS,
    );
    // The epoch a worker ran under goes with its delete: a host records it as released.
    expect(actions).toEqual([
      { type: 'delete', pmId: 1, name: `clone-${A}`, reason: 'deleted', epoch: null },
      { type: 'delete', pmId: 2, name: `clone-${B}`, reason: 'orphan', epoch: 4 },
    ]);
  });

  it('keeps exactly one process per clone, preferring the live one', () => {
    const actions = planReconcile([want(A)], [proc(A, { pmId: 1, status: 'stopped' }), proc(A, { pmId: 2 }), proc(A, { pmId: 3 })], NS);
    expect(actions.filter((a) => a.type === 'delete').map((a) => (a as { pmId: number }).pmId).sort()).toEqual([1, 3]);
    expect(kinds(actions)).toEqual(['delete', 'delete']);
  });

  it('marks a token rejected by Telegram instead of restarting, also when PM2 says "waiting restart"', () => {
    for (const status of ['stopped', 'waiting restart']) {
      expect(planReconcile([want(A)], [proc(A, { status, exitCode: WorkerExitCode.TokenInvalid })], NS)[0]).toEqual({
        type: 'markTokenInvalid',
        cloneId: A,
        pmId: 1,
        conflict: false,
      });
    }
    expect(planReconcile([want(A)], [proc(A, { status: 'stopped', exitCode: WorkerExitCode.Conflict })], NS)[0]).toMatchObject({ conflict: true });
  });

  it('restarts, instead of marking, a worker that died holding a token replaced since it started', () => {
    const d = want(A, { tokenUpdatedAt: new Date(5_000) });
    expect(planReconcile([d], [proc(A, { status: 'stopped', exitCode: WorkerExitCode.TokenInvalid, startedAt: 1_000 })], NS)[0]).toEqual({ type: 'start', cloneId: A, replacePmId: 1 });
    expect(planReconcile([d], [proc(A, { status: 'stopped', exitCode: WorkerExitCode.TokenInvalid, startedAt: 6_000 })], NS)[0]).toMatchObject({ type: 'markTokenInvalid' });
  });

  it('replaces a dead process of a clone that should run, but waits for one PM2 is restarting', () => {
    expect(planReconcile([want(A)], [proc(A, { status: 'errored', exitCode: 1 })], NS)[0]).toEqual({ type: 'start', cloneId: A, replacePmId: 1 });
    expect(kinds(planReconcile([want(A)], [proc(A, { status: 'waiting restart', exitCode: 1 })], NS))).toEqual([]);
  });

  it('restarts a worker started before the owner asked for a restart, once', () => {
    expect(kinds(planReconcile([want(A, { restartRequestedAt: new Date(2_000) })], [proc(A, { startedAt: 1_000 })], NS))).toEqual(['restart']);
    expect(kinds(planReconcile([want(A, { restartRequestedAt: new Date(2_000) })], [proc(A, { startedAt: 3_000 })], NS))).toEqual([]);
  });
});

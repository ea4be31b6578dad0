import { platformModels, type CloneDoc, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { observeClone, statusOf } from '../observe';
import type { Pm2Process } from '../pm2Client';

const ID = 'cccccccccccc';
const proc = (over: Partial<Pm2Process> = {}): Pm2Process => ({
  name: `clone-${ID}`, pmId: 7, pid: 4242, status: 'online', namespace: 'clones', restarts: 0, startedAt: 1_000, memoryBytes: 50e6, cpu: 1, exitCode: null, placementEpoch: null, ...over,
});
const rule = { crashLoopRestarts: 3, crashLoopWindowMs: 60_000 };

describe('observeClone (crash loops, live notice)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  const load = async () => (await models.Clone.findById(ID).lean<CloneDoc>())!;

  beforeAll(async () => {
    db = await openTestDatabase('observe');
    models = platformModels(db.connection);
    await models.Clone.create({ _id: ID, ownerId: 1, botId: 99, botUsername: 'x_bot', source: 'token', notifyOwnerOnLive: true });
  });
  afterAll(() => db.drop());

  it('derives the status from verdict, process and heartbeat', () => {
    expect(statusOf('ok', undefined, undefined)).toBe('pending');
    expect(statusOf('ok', proc(), undefined)).toBe('starting');
    expect(statusOf('ok', proc(), { pid: 4242 })).toBe('running');
    expect(statusOf('ok', proc({ status: 'errored' }), undefined)).toBe('errored');
    expect(statusOf('expired', proc(), { pid: 4242 })).toBe('stopped');
    expect(statusOf('token_invalid', undefined, undefined)).toBe('token_invalid');
  });

  it('reports the clone live exactly once', async () => {
    const now = new Date(10_000);
    const first = await observeClone(models, await load(), proc(), 'ok', { pid: 4242, at: now }, now, rule);
    const second = await observeClone(models, await load(), proc(), 'ok', { pid: 4242, at: now }, now, rule);
    expect([first.live, second.live]).toEqual([true, false]);
    const clone = await load();
    expect(clone.status).toBe('running');
    expect(clone.runtime.pid).toBe(4242);
    expect(clone.runtime.memoryBytes).toBe(50e6);
  });

  it('fires the crash-loop rule when restarts within the window reach the limit, not before', async () => {
    const t = (s: number) => new Date(100_000 + s * 1000);
    const a = await observeClone(models, await load(), proc({ restarts: 1, exitCode: 1 }), 'ok', undefined, t(0), rule);
    const b = await observeClone(models, await load(), proc({ restarts: 2, exitCode: 1 }), 'ok', undefined, t(10), rule);
    expect([a.crashLoop, b.crashLoop]).toEqual([false, false]);
    // Old restarts fall out of the window: two more much later do not add up with them.
    const c = await observeClone(models, await load(), proc({ restarts: 3, exitCode: 1 }), 'ok', undefined, t(200), rule);
    expect(c.crashLoop).toBe(false);
    expect(c.recentRestarts).toBe(1);
    const d = await observeClone(models, await load(), proc({ restarts: 5, exitCode: 1 }), 'ok', undefined, t(210), rule);
    expect(d.crashLoop).toBe(true);
    const clone = await load();
    expect(clone.crashLoopAt?.getTime()).toBe(t(210).getTime());
    expect(clone.status).toBe('crash_loop');
    expect(clone.runtime.lastExitReason).toBe('exit code 1');
  });
});

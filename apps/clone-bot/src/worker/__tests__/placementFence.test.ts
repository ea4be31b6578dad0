import { connectDatabase, placementModel, type PlacementModel } from '@motherbot/core';
import { openTestDatabase, testMongoUri } from '@test-support/database';
import { PlacementFence, type FenceReason } from '../placementFence';

const until = async (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('PlacementFence: a worker polls only under its own placement', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let model: PlacementModel;
  const FAST = { confirmMs: 50, fenceAfterMs: 400 };

  beforeAll(async () => {
    db = await openTestDatabase('placement-fence');
    model = placementModel(db.connection);
    await model.create({ _id: 'clone1', hostId: 'h1', epoch: 3, reason: 'new' });
  });
  afterAll(() => db.drop());

  it('confirms its own placement and refuses another host or epoch', async () => {
    const fenced: FenceReason[] = [];
    expect(await new PlacementFence(model, { cloneId: 'clone1', hostId: 'h1', epoch: 3 }, FAST, (r) => fenced.push(r)).confirm()).toBe(true);
    expect(await new PlacementFence(model, { cloneId: 'clone1', hostId: 'h2', epoch: 3 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(await new PlacementFence(model, { cloneId: 'clone1', hostId: 'h1', epoch: 2 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(await new PlacementFence(model, { cloneId: 'nobody', hostId: 'h1', epoch: 1 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(fenced).toEqual(['moved', 'moved', 'moved']);
  });

  it('stops once, when the placement moves to a newer epoch while it runs', async () => {
    await model.create({ _id: 'clone2', hostId: 'h1', epoch: 1, reason: 'new' });
    const fenced: Array<{ reason: FenceReason; hostId?: string }> = [];
    const fence = new PlacementFence(model, { cloneId: 'clone2', hostId: 'h1', epoch: 1 }, FAST, (reason, doc) => fenced.push({ reason, hostId: doc?.hostId }));
    expect(await fence.confirm()).toBe(true);
    fence.start();
    await new Promise((r) => setTimeout(r, 150));
    expect(fenced).toEqual([]);
    await model.updateOne({ _id: 'clone2' }, { $set: { hostId: 'h2', epoch: 2, reason: 'failover' } });
    await until('the fence', () => fenced.length > 0);
    await new Promise((r) => setTimeout(r, 150));
    fence.stop();
    expect(fenced).toEqual([{ reason: 'moved', hostId: 'h2' }]);
  });

  it('stops when it cannot confirm within fenceAfterMs (its database is out of reach)', async () => {
    const lost = await connectDatabase(testMongoUri(), { dbName: db.connection.name, maxPoolSize: 1 });
    const lostModel = placementModel(lost);
    const fenced: FenceReason[] = [];
    const fence = new PlacementFence(lostModel, { cloneId: 'clone1', hostId: 'h1', epoch: 3 }, FAST, (r) => fenced.push(r));
    expect(await fence.confirm()).toBe(true);
    await lost.close();
    fence.start();
    await until('the fence', () => fenced.length > 0);
    expect(fenced).toEqual(['unconfirmed']);
  });
});

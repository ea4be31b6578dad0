import { connectDatabase, hostModel, placementModel, type HostModel, type PlacementModel } from '@motherbot/core';
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
  let hosts: HostModel;
  let models: { placement: PlacementModel; host: HostModel };
  /** Host h1 beats all along, as a live agent does (every 50 ms here). */
  let beating: NodeJS.Timeout;
  const FAST = { confirmMs: 50, fenceAfterMs: 400 };

  beforeAll(async () => {
    db = await openTestDatabase('placement-fence');
    model = placementModel(db.connection);
    hosts = hostModel(db.connection);
    models = { placement: model, host: hosts };
    await model.create({ _id: 'clone1', hostId: 'h1', epoch: 3, reason: 'new' });
    await hosts.create({ _id: 'h1', beat: 1, capacityClones: 10, capacityMemoryMB: 1000 });
    beating = setInterval(() => void hosts.updateOne({ _id: 'h1' }, { $inc: { beat: 1 } }).catch(() => undefined), 50);
  });
  afterAll(async () => {
    clearInterval(beating);
    await db.drop();
  });

  it('confirms its own placement and refuses another host or epoch', async () => {
    const fenced: FenceReason[] = [];
    expect(await new PlacementFence(models, { cloneId: 'clone1', hostId: 'h1', epoch: 3 }, FAST, (r) => fenced.push(r)).confirm()).toBe(true);
    expect(await new PlacementFence(models, { cloneId: 'clone1', hostId: 'h2', epoch: 3 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(await new PlacementFence(models, { cloneId: 'clone1', hostId: 'h1', epoch: 2 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(await new PlacementFence(models, { cloneId: 'nobody', hostId: 'h1', epoch: 1 }, FAST, (r) => fenced.push(r)).confirm()).toBe(false);
    expect(fenced).toEqual(['moved', 'moved', 'moved']);
  });

  it('stops once, when the placement moves to a newer epoch while it runs', async () => {
    await model.create({ _id: 'clone2', hostId: 'h1', epoch: 1, reason: 'new' });
    const fenced: Array<{ reason: FenceReason; hostId?: string }> = [];
    const fence = new PlacementFence(models, { cloneId: 'clone2', hostId: 'h1', epoch: 1 }, FAST, (reason, doc) => fenced.push({ reason, hostId: doc?.hostId }));
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
    const lostModels = { placement: placementModel(lost), host: hostModel(lost) };
    const fenced: FenceReason[] = [];
    const fence = new PlacementFence(lostModels, { cloneId: 'clone1', hostId: 'h1', epoch: 3 }, FAST, (r) => fenced.push(r));
    expect(await fence.confirm()).toBe(true);
    await lost.close();
    fence.start();
    await until('the fence', () => fenced.length > 0);
    expect(fenced).toEqual(['unconfirmed']);
  });

  it("stops when its host's counter stands still (its agent died) though the placement is still its own", async () => {
    await model.create({ _id: 'clone3', hostId: 'h9', epoch: 1, reason: 'new' });
    await hosts.create({ _id: 'h9', beat: 5, capacityClones: 10, capacityMemoryMB: 1000 });
    const fenced: FenceReason[] = [];
    const fence = new PlacementFence(models, { cloneId: 'clone3', hostId: 'h9', epoch: 1 }, FAST, (r) => fenced.push(r));
    expect(await fence.confirm()).toBe(true);
    fence.start();
    // While h9 beats, the worker stays (three fence windows).
    const started = Date.now();
    while (Date.now() - started < 3 * FAST.fenceAfterMs) {
      await hosts.updateOne({ _id: 'h9' }, { $inc: { beat: 1 } });
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(fenced).toEqual([]);
    // h9's agent stops beating; the placement still names h9.
    await until('the fence', () => fenced.length > 0);
    fence.stop();
    expect(fenced).toEqual(['host-still']);
    expect(await model.findById('clone3').lean()).toMatchObject({ hostId: 'h9', epoch: 1 });
  });

  it('counts a host with no document as standing still', async () => {
    await model.create({ _id: 'clone4', hostId: 'ghost', epoch: 1, reason: 'new' });
    const fenced: FenceReason[] = [];
    const fence = new PlacementFence(models, { cloneId: 'clone4', hostId: 'ghost', epoch: 1 }, FAST, (r) => fenced.push(r));
    expect(await fence.confirm()).toBe(true);
    fence.start();
    await until('the fence', () => fenced.length > 0);
    fence.stop();
    expect(fenced).toEqual(['host-still']);
  });
});

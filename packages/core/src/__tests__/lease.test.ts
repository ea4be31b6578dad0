import { acquireLease, leaseModel, releaseLease } from '../models/lease';
import { openTestDatabase } from '@test-support/database';

describe('lease (one clone manager at a time)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('lease');
  });
  afterAll(() => db.drop());

  it('is held by one holder until it expires or is released', async () => {
    const model = leaseModel(db.connection);
    const t = (s: number) => new Date(1_000_000 + s * 1000);
    expect(await acquireLease(model, 'm', 'A', 30_000, t(0))).toBe(true);
    expect(await acquireLease(model, 'm', 'B', 30_000, t(1))).toBe(false);
    expect(await acquireLease(model, 'm', 'A', 30_000, t(20))).toBe(true); // renewal extends to t(50)
    expect(await acquireLease(model, 'm', 'B', 30_000, t(40))).toBe(false);
    expect(await acquireLease(model, 'm', 'B', 30_000, t(51))).toBe(true); // A's term expired
    expect(await acquireLease(model, 'm', 'A', 30_000, t(52))).toBe(false);
    await releaseLease(model, 'm', 'A'); // not A's any more: no effect
    expect(await acquireLease(model, 'm', 'A', 30_000, t(53))).toBe(false);
    await releaseLease(model, 'm', 'B');
    expect(await acquireLease(model, 'm', 'A', 30_000, t(54))).toBe(true);
  });

  it('lets exactly one of several racing contenders win an expired lease', async () => {
    const model = leaseModel(db.connection);
    const now = new Date(5_000_000);
    await model.create({ _id: 'race', holder: 'old', until: new Date(now.getTime() - 1) });
    const results = await Promise.all(['A', 'B', 'C', 'D'].map((h) => acquireLease(model, 'race', h, 30_000, now)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = ['A', 'B', 'C', 'D'][results.indexOf(true)];
    expect((await model.findById('race').lean())?.holder).toBe(winner);
  });
});

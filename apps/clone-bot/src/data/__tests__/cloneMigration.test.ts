import { cloneDataModels, counterKeys, createLogger, DAY_MS, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { migrateCloneDatabase } from '../cloneData';

const logger = createLogger({ label: 'test', level: 'error', console: false });

/** Fills a clone database the way clones before the point-keys change stored it. */
async function fillOldShape(models: CloneDataModels, users: number): Promise<void> {
  const base = Date.UTC(2026, 10, 20);
  await models.User.collection.insertMany(
    Array.from({ length: users }, (_, i) => ({
      _id: 1000 + i,
      firstName: `U${i}`,
      username: null,
      firstSeenAt: new Date(base + (i % 3) * DAY_MS),
      lastSeenAt: new Date(base + 5 * DAY_MS),
      blockedAt: i % 10 === 0 ? new Date(base) : null,
    })) as never[],
  );
  await models.OwnerSession.collection.insertOne({ _id: 42, awaiting: null, batch: ['f_a'], updatedAt: new Date() } as never);
  await models.File.collection.insertMany([
    { _id: 'f_aaaaaaaaaaaaaaaa', kind: 'document', fileId: 'x', fileUniqueId: 'ux', fileName: 'a.txt', searchText: 'a.txt', createdBy: 42, createdAt: new Date(base), deletedAt: null },
    { _id: 'f_bbbbbbbbbbbbbbbb', kind: 'document', fileId: 'y', fileUniqueId: 'uy', fileName: 'b.txt', searchText: 'b.txt', createdBy: 42, createdAt: new Date(base), deletedAt: new Date(base) },
  ] as never[]);
  await models.Batch.collection.insertOne({ _id: 'b_cccccccccccccccc', fileCodes: ['f_aaaaaaaaaaaaaaaa'], createdBy: 42, createdAt: new Date(base), deletedAt: null } as never);
  // User 1000 opened the file three times (two days), user 1001 the batch once.
  await models.Delivery.collection.insertMany([
    { userId: 1000, code: 'f_aaaaaaaaaaaaaaaa', files: 1, at: new Date(base) },
    { userId: 1000, code: 'f_aaaaaaaaaaaaaaaa', files: 1, at: new Date(base) },
    { userId: 1000, code: 'f_aaaaaaaaaaaaaaaa', files: 1, at: new Date(base + DAY_MS) },
    { userId: 1001, code: 'b_cccccccccccccccc', files: 1, at: new Date(base + DAY_MS) },
  ]);
}

describe('clone database migration to point keys and counters', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;

  beforeAll(async () => {
    db = await openTestDatabase('clonemig');
    models = cloneDataModels(db.connection);
  });
  afterAll(() => db.drop());

  it('rekeys users and sessions, keeps every field, and builds counters that match the data', async () => {
    await fillOldShape(models, 2_500);
    // An interrupted earlier run left a string copy of one user behind: the rerun must not trip on it.
    await models.User.collection.insertOne({ _id: '1005', firstName: 'U5', username: null, firstSeenAt: new Date(Date.UTC(2026, 10, 22)), lastSeenAt: new Date(), blockedAt: null, deliveries: 0 } as never);

    expect(await migrateCloneDatabase(db.connection, logger)).toEqual(['0001-point-keys-and-counters', '0002-indexes']);

    expect(await models.User.countDocuments({})).toBe(2_500);
    const users = await models.User.find({}).lean();
    expect(users.every((u) => typeof u._id === 'string')).toBe(true);
    const first = await models.User.findById('1000').lean();
    expect(first).toMatchObject({ firstName: 'U0', deliveries: 3 });
    expect(first?.blockedAt).toBeInstanceOf(Date);
    expect((await models.User.findById('1001').lean())?.deliveries).toBe(1);
    expect(await models.OwnerSession.findById('42').lean()).toMatchObject({ batch: ['f_a'] });

    const totals = await models.Counter.findById(counterKeys.totals).lean();
    expect(totals).toMatchObject({ users: 2_500, blocked: 250, files: 1, batches: 1, deliveries: 4 });
    const day0 = await models.Counter.findById(counterKeys.day(new Date(Date.UTC(2026, 10, 20)))).lean();
    expect(day0).toMatchObject({ newUsers: 834, deliveries: 2 });
    expect((await models.Counter.findById(counterKeys.link('f_aaaaaaaaaaaaaaaa')).lean())?.deliveries).toBe(3);
    expect((await models.Counter.findById(counterKeys.top).lean())?.links).toEqual([
      { code: 'f_aaaaaaaaaaaaaaaa', deliveries: 3 },
      { code: 'b_cccccccccccccccc', deliveries: 1 },
    ]);
  }, 120_000);

  it('does nothing the second time', async () => {
    expect(await migrateCloneDatabase(db.connection, logger)).toEqual([]);
    expect(await models.User.countDocuments({})).toBe(2_500);
  });
});

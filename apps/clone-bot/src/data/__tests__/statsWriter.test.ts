import { cloneDataModels, counterKeys, createLogger, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { StatsWriter } from '../statsWriter';
import { TOP_FILES_KEY } from '../topLinks';
import { Audience } from '../audience';

const logger = createLogger({ label: 'test', level: 'error', console: false });

describe('StatsWriter: buffered users, deliveries and counters', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;
  let stats: StatsWriter;
  let audience: Audience;
  const now = new Date(Date.UTC(2026, 10, 29, 12));

  beforeAll(async () => {
    db = await openTestDatabase('stats');
    models = cloneDataModels(db.connection);
    stats = new StatsWriter(models, logger, { intervalMs: 60_000 });
    audience = new Audience(models, stats, logger);
  });
  afterAll(() => db.drop());

  const totals = () => models.Counter.findById(counterKeys.totals).lean();

  it('writes nothing until a flush, then users once each and new users counted once', async () => {
    audience.seen({ id: 1, first_name: 'Ann', language_code: 'de' }, now);
    audience.seen({ id: 1, first_name: 'Ann', language_code: 'de' }, now);
    audience.seen({ id: 2, first_name: 'Bob' }, now);
    expect(await models.User.countDocuments({})).toBe(0);
    await stats.flush();
    const ann = await models.User.findById('1').lean();
    expect(ann).toMatchObject({ firstName: 'Ann', languageCode: 'de', deliveries: 0 });
    expect(ann?.blockedAt ?? null).toBeNull();
    expect(await totals()).toMatchObject({ users: 2 });
    // Seen again later (a returning user): updated, not counted again.
    stats.touchUser({ id: 1, firstName: 'Ann B', username: 'ann', languageCode: 'de', at: new Date(now.getTime() + 3_600_000) });
    await stats.flush();
    expect((await models.User.findById('1').lean())?.firstName).toBe('Ann B');
    expect(await totals()).toMatchObject({ users: 2 });
    expect(await models.Counter.findById(counterKeys.day(now)).lean()).toMatchObject({ newUsers: 2 });
  });

  it('counts deliveries per user, per link, per day and in the top list, and logs none', async () => {
    for (let i = 0; i < 3; i += 1) stats.recordDelivery(1, 'f_popular', now);
    stats.recordDelivery(2, 'b_batch', now);
    await stats.flush();
    stats.recordDelivery(2, 'f_popular', now);
    await stats.flush();
    expect(await models.Delivery.countDocuments({})).toBe(0);
    expect((await models.User.findById('1').lean())?.deliveries).toBe(3);
    expect((await models.User.findById('2').lean())?.deliveries).toBe(2);
    expect(await totals()).toMatchObject({ deliveries: 5 });
    expect(await models.Counter.findById(counterKeys.day(now)).lean()).toMatchObject({ deliveries: 5 });
    expect((await models.Counter.findById(counterKeys.top).lean())?.links).toEqual([
      { code: 'f_popular', deliveries: 4 },
      { code: 'b_batch', deliveries: 1 },
    ]);
    // The popular button's own list holds single files only.
    expect((await models.Counter.findById(TOP_FILES_KEY).lean())?.links).toEqual([{ code: 'f_popular', deliveries: 4 }]);
  });

  it('counts a block once, and a return', async () => {
    audience.setBlocked(2, true);
    audience.setBlocked(2, true);
    await stats.flush();
    expect(await totals()).toMatchObject({ blocked: 1 });
    audience.setBlocked(2, false);
    await stats.flush();
    expect(await totals()).toMatchObject({ blocked: 0 });
    expect((await models.User.findById('2').lean())?.blockedAt).toBeNull();
  });

  it('forgets a user: record gone at once, counted out, pending entries dropped, an old log deleted', async () => {
    await models.Delivery.collection.insertMany([{ userId: 1, code: 'f_old', files: 1, at: now }, { userId: 2, code: 'f_old', files: 1, at: now }]);
    audience.setBlocked(1, true);
    await stats.flush();
    stats.recordDelivery(1, 'f_popular', now);
    await audience.forget(1);
    await stats.flush();
    expect(await models.User.findById('1').lean()).toBeNull();
    // The anonymous totals keep the delivery (it happened); what names the user is gone.
    expect(await totals()).toMatchObject({ users: 1, blocked: 0, deliveries: 6 });
    const deadline = Date.now() + 10_000;
    while ((await models.Delivery.countDocuments({ userId: 1 })) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await models.Delivery.countDocuments({ userId: 1 })).toBe(0);
    expect(await models.Delivery.countDocuments({ userId: 2 })).toBe(1);
    expect(await audience.recipients(0)).toEqual([2]);
  });

  it('writes a crowd of 250 new users and their deliveries in one flush (several bulk commands)', async () => {
    const crowd = await openTestDatabase('stats_crowd');
    const crowdModels = cloneDataModels(crowd.connection);
    const writer = new StatsWriter(crowdModels, logger, { intervalMs: 60_000, maxBatch: 10_000 });
    for (let i = 0; i < 250; i += 1) {
      writer.touchUser({ id: 5_000 + i, firstName: `C${i}`, username: null, languageCode: null, at: now });
      writer.recordDelivery(5_000 + i, `f_${i % 7}`, now);
    }
    await writer.flush();
    // A second flush updates all 250 existing users at once.
    for (let i = 0; i < 250; i += 1) writer.recordDelivery(5_000 + i, 'f_0', now);
    await writer.flush();
    expect(await crowdModels.User.countDocuments({})).toBe(250);
    expect((await crowdModels.User.findById('5249').lean())?.deliveries).toBe(2);
    expect(await crowdModels.Counter.findById(counterKeys.totals).lean()).toMatchObject({ users: 250, deliveries: 500 });
    expect((await crowdModels.Counter.findById(counterKeys.link('f_0')).lean())?.deliveries).toBe(286);
    await crowd.drop();
  });

  it('keeps what a failed flush could not write, and writes it once the database is back', async () => {
    const other = await openTestDatabase('stats_down');
    const downModels = cloneDataModels(other.connection);
    const writer = new StatsWriter(downModels, logger, { intervalMs: 60_000 });
    await other.connection.close();
    writer.touchUser({ id: 7, firstName: 'Eve', username: null, languageCode: null, at: now });
    writer.recordDelivery(7, 'f_x', now);
    await expect(writer.flush()).rejects.toThrow();
    expect(writer.size()).toBeGreaterThan(0);
    expect(writer.written.failures).toBe(1);
    await other.connection.openUri(process.env.TEST_MONGODB_URI!, { dbName: other.dbName });
    await writer.flush();
    expect(writer.size()).toBe(0);
    expect(await downModels.User.findById('7').lean()).toMatchObject({ firstName: 'Eve', deliveries: 1 });
    expect(await downModels.Counter.findById(counterKeys.totals).lean()).toMatchObject({ users: 1, deliveries: 1 });
    await other.drop();
  });
});

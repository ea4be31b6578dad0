import { openTestDatabase } from '@test-support/database';
import { cloneDatabaseName, DAY_MS, platformModels, type PlatformModels } from '@motherbot/core';
import { listPlatformDatabases } from '../backup';
import { applyRetention, retentionRemovedAnything, type RetentionSettings } from '../retention';

const T0 = new Date('2030-06-01T00:00:00Z');
const daysAgo = (n: number, from = T0) => new Date(from.getTime() - n * DAY_MS);

describe('retention on the real database (the clock is moved, never waited for)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let settings: RetentionSettings;

  const addClone = async (id: string, botId: number, deletedAt: Date | null) => {
    await models.Clone.create({ _id: id, ownerId: 7, botId, botUsername: `bot${botId}`, source: 'token', deletedAt });
    await models.CloneToken.create({ _id: id, sealed: { v: 1, iv: 'x', tag: 'y', data: 'z' } } as never);
    await models.Subscription.create({ _id: id, ownerId: 7, expiresAt: T0 } as never);
    await models.Heartbeat.create({ _id: id, at: T0, pid: 1, startedAt: T0 });
    await db.connection.useDb(cloneDatabaseName(db.dbName, id), { useCache: false }).collection('files').insertOne({ _id: 'f' as never, fileId: 'x' });
  };

  beforeAll(async () => {
    db = await openTestDatabase('ret');
    models = platformModels(db.connection);
    settings = { databaseName: db.dbName, auditRetentionDays: 365, deletedCloneRetentionDays: 30, cloneUserRetentionDays: 180, alertRetentionDays: 90 };
    await models.AuditEvent.insertMany([
      { at: daysAgo(400), actorId: 1, actorRole: 'admin', action: 'old', targetType: 'platform', targetId: '-' },
      { at: daysAgo(10), actorId: 1, actorRole: 'admin', action: 'recent', targetType: 'platform', targetId: '-' },
    ]);
    await addClone('aaaaaaaaaaaa', 1, daysAgo(40));
    await addClone('bbbbbbbbbbbb', 2, daysAgo(10));
    await addClone('cccccccccccc', 3, null);
    await models.Payment.collection.insertOne({ _id: 'charge-1' as never, cloneId: 'aaaaaaaaaaaa', amount: 100 });
    const users = db.connection.useDb(cloneDatabaseName(db.dbName, 'cccccccccccc'), { useCache: false }).collection('users');
    await users.insertMany([
      { _id: 1 as never, blockedAt: daysAgo(200), lastSeenAt: daysAgo(200), firstSeenAt: daysAgo(300) },
      { _id: 2 as never, blockedAt: daysAgo(200), lastSeenAt: daysAgo(5), firstSeenAt: daysAgo(300) },
      { _id: 3 as never, blockedAt: null, lastSeenAt: daysAgo(300), firstSeenAt: daysAgo(300) },
      { _id: 4 as never, blockedAt: daysAgo(20), lastSeenAt: daysAgo(20), firstSeenAt: daysAgo(300) },
    ]);
    await db.connection.collection('alerts').insertMany([
      { _id: 'resolved-old' as never, resolvedAt: daysAgo(100), since: daysAgo(101) },
      { _id: 'active-old' as never, resolvedAt: null, since: daysAgo(300) },
      { _id: 'resolved-recent' as never, resolvedAt: daysAgo(3), since: daysAgo(4) },
    ]);
  });
  afterAll(async () => {
    for (const { name } of await listPlatformDatabases(db.connection.getClient(), db.dbName)) {
      if (name !== db.dbName) await db.connection.getClient().db(name).dropDatabase();
    }
    await db.drop();
  });

  it('removes what is past its retention and keeps the rest', async () => {
    const report = await applyRetention({ db: db.connection, models, settings, now: T0 });
    expect(report).toMatchObject({ auditEvents: 1, purgedClones: ['aaaaaaaaaaaa'], cloneUsers: 1, alerts: 1, errors: [] });
    expect(retentionRemovedAnything(report)).toBe(true);

    expect(await models.Clone.exists({ _id: 'aaaaaaaaaaaa' })).toBeNull();
    for (const model of [models.CloneToken, models.Subscription, models.Heartbeat] as Array<typeof models.CloneToken>) expect(await model.exists({ _id: 'aaaaaaaaaaaa' })).toBeNull();
    const left = (await listPlatformDatabases(db.connection.getClient(), db.dbName)).map((d) => d.cloneId ?? 'platform');
    expect(left).toEqual(['platform', 'bbbbbbbbbbbb', 'cccccccccccc']);
    expect(await models.Payment.collection.countDocuments({ _id: 'charge-1' as never })).toBe(1);
    expect(await models.AuditEvent.findOne({ action: 'clone.purge', targetId: 'aaaaaaaaaaaa' }).lean()).toMatchObject({ actorRole: 'system' });
    expect((await models.AuditEvent.find({ action: { $in: ['old', 'recent'] } }).lean()).map((e) => e.action)).toEqual(['recent']);
    const users = db.connection.useDb(cloneDatabaseName(db.dbName, 'cccccccccccc'), { useCache: false }).collection('users');
    expect((await users.find().toArray()).map((u) => u._id).sort()).toEqual([2, 3, 4]);
    expect((await db.connection.collection('alerts').find().toArray()).map((a) => a._id).sort()).toEqual(['active-old', 'resolved-recent']);
  });

  it('a second pass at the same moment removes nothing; moving the clock on purges the next clone', async () => {
    const again = await applyRetention({ db: db.connection, models, settings, now: T0 });
    expect(retentionRemovedAnything(again)).toBe(false);

    const later = new Date(T0.getTime() + 25 * DAY_MS);
    const report = await applyRetention({ db: db.connection, models, settings, now: later });
    expect(report.purgedClones).toEqual(['bbbbbbbbbbbb']);
    expect(await models.Clone.exists({ _id: 'cccccccccccc' })).not.toBeNull();
  });

  it('a rule set to 0 days keeps everything', async () => {
    const off = { ...settings, auditRetentionDays: 0, deletedCloneRetentionDays: 0, cloneUserRetentionDays: 0, alertRetentionDays: 0 };
    const report = await applyRetention({ db: db.connection, models, settings: off, now: new Date(T0.getTime() + 5000 * DAY_MS) });
    expect(retentionRemovedAnything(report)).toBe(false);
  });
});

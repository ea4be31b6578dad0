import { applyMigrations, createLogger, loadConfig, platformMigrations, platformModels, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { createMotherServices } from '../src/services/motherServices';

/**
 * The platform migrations that give the mother's update path its point keys, on a database
 * filled the old way: users under numeric `_id`s (one banned, one copied by an interrupted
 * earlier run), clones found by `ownerId`. Afterwards every user is under its string key with
 * what it had, every owner has the list of their live clones, the services see them, and a
 * second run changes nothing.
 */
describe('platform migrations: string user keys and owner clone lists', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;

  beforeAll(async () => {
    db = await openTestDatabase('keys');
    models = platformModels(db.connection);
  });
  afterAll(async () => {
    await db.drop();
  });

  it('converts users and builds the lists, verified by counts, and is a no-op the second time', async () => {
    const users = db.connection.collection('users');
    const at = new Date('2030-01-01T00:00:00Z');
    await users.insertMany([
      { _id: 101 as never, firstName: 'Ann', banned: false, lastSeenAt: at },
      { _id: 102 as never, firstName: 'Ben', banned: true, bannedAt: at, bannedBy: 1, lastSeenAt: at },
      { _id: 103 as never, firstName: 'Cy', banned: true, bannedAt: at, bannedBy: 1, lastSeenAt: at },
      // An earlier run copied Cy and died before deleting the numeric record (without the ban).
      { _id: '103' as never, firstName: 'Cy', banned: false, lastSeenAt: at },
      { _id: '104' as never, firstName: 'Dee', banned: false, lastSeenAt: at },
    ]);
    const clones = db.connection.collection('clones');
    const clone = (id: string, ownerId: number, botId: number, createdAt: Date, deletedAt: Date | null = null) => ({
      _id: id as never,
      ownerId,
      botId,
      botUsername: `b${botId}_bot`,
      source: 'token',
      createdAt,
      deletedAt,
    });
    await clones.insertMany([
      clone('aaaaaaaaaaa2', 101, 2, new Date('2030-01-02T00:00:00Z')),
      clone('aaaaaaaaaaa1', 101, 1, new Date('2030-01-01T00:00:00Z')),
      clone('aaaaaaaaaaa3', 101, 3, at, at),
      clone('bbbbbbbbbbb1', 102, 4, at),
    ]);

    const first = await applyMigrations({ db: db.connection, models, migrations: platformMigrations });
    expect(first.applied).toEqual(expect.arrayContaining(['0003-users-string-ids', '0004-owner-clones']));

    const after = await users.find({}).sort({ _id: 1 }).toArray();
    expect(after.map((u) => u._id)).toEqual(['101', '102', '103', '104']);
    expect(after.map((u) => [u.firstName, u.banned])).toEqual([
      ['Ann', false],
      ['Ben', true],
      ['Cy', true],
      ['Dee', false],
    ]);
    expect((await models.OwnerClones.findById('101').lean())?.cloneIds).toEqual(['aaaaaaaaaaa1', 'aaaaaaaaaaa2']);
    expect((await models.OwnerClones.findById('102').lean())?.cloneIds).toEqual(['bbbbbbbbbbb1']);

    const config = loadConfig({ envFile: null, env: { NODE_ENV: 'test', ADMIN_IDS: '1', DATABASE_NAME: db.dbName, MASTER_KEY: 'k'.repeat(40) } });
    const logger = createLogger({ label: 'test', level: 'error', console: false });
    const services = createMotherServices({ config, models, db: db.connection, logger, onChange: () => undefined });
    expect((await services.clones.listOwned(101)).map((v) => v.clone._id)).toEqual(['aaaaaaaaaaa1', 'aaaaaaaaaaa2']);
    expect((await services.clones.listOwned(102)).map((v) => [v.clone._id, v.ownerBanned])).toEqual([['bbbbbbbbbbb1', true]]);

    const second = await applyMigrations({ db: db.connection, models, migrations: platformMigrations });
    expect(second.applied).toEqual([]);
    expect(await users.countDocuments({})).toBe(4);
  });
});

import { openTestDatabase } from '@test-support/database';
import { platformModels, type PlatformModels } from '../models/platformModels';
import { MIGRATIONS_COLLECTION, MigrationError, applyMigrations, migrationStatus, platformMigrations, type Migration } from '../migrations';

describe('migrations on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;

  beforeEach(async () => {
    db = await openTestDatabase('mig');
    models = platformModels(db.connection);
  });
  afterEach(async () => {
    await db.drop();
  });

  it('applies the platform migrations once, records them, and is a no-op the second time', async () => {
    await db.connection.collection('clones').insertOne({ _id: 'c1' as never, botId: 1, ownerId: 2 });
    const first = await applyMigrations({ db: db.connection, models, migrations: platformMigrations });
    expect(first.applied).toEqual(platformMigrations.map((m) => m.id));
    const cloneIndexes = await db.connection.collection('clones').indexes();
    expect(cloneIndexes.find((i) => i.key.botId === 1)?.unique).toBe(true);
    expect(await db.connection.collection('clones').findOne({ _id: 'c1' as never })).toMatchObject({ deletedAt: null });

    const second = await applyMigrations({ db: db.connection, models, migrations: platformMigrations });
    expect(second).toEqual({ applied: [], alreadyApplied: platformMigrations.map((m) => m.id) });
    const status = await migrationStatus(db.connection, platformMigrations);
    expect(status.every((s) => s.state === 'applied' && s.appliedAt instanceof Date)).toBe(true);
    // The lock is released.
    expect(await db.connection.collection(MIGRATIONS_COLLECTION).countDocuments({ _id: 'lock' as never })).toBe(0);
  });

  it('stops at a failing step with a clear message, leaves the database as before that step, and retries it next time', async () => {
    let fixed = false;
    const seedPlans: Migration = {
      id: '0002-seed',
      description: 'seed two plans',
      async up(ctx) {
        await ctx.db.collection('plans').insertOne({ _id: 'p1' as never, name: 'one' });
        if (!fixed) throw new Error('the second plan is invalid');
        await ctx.db.collection('plans').insertOne({ _id: 'p2' as never, name: 'two' });
      },
      async undo(ctx) {
        await ctx.db.collection('plans').deleteMany({ _id: { $in: ['p1', 'p2'] } } as never);
      },
    };
    const after: Migration = { id: '0003-after', description: 'must not run before 0002', up: jest.fn(async () => undefined) };
    const migrations = [platformMigrations[0]!, seedPlans, after];

    const failure = await applyMigrations({ db: db.connection, models, migrations }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).message).toMatch(/migration 0002-seed \(seed two plans\) failed: the second plan is invalid\. Its changes were undone/);
    expect((failure as MigrationError).migrationId).toBe('0002-seed');
    expect(await db.connection.collection('plans').countDocuments()).toBe(0);
    expect(after.up).not.toHaveBeenCalled();
    const status = await migrationStatus(db.connection, migrations);
    expect(status.map((s) => s.state)).toEqual(['applied', 'failed', 'pending']);
    expect(status[1]?.error).toBe('the second plan is invalid');
    expect(await db.connection.collection(MIGRATIONS_COLLECTION).countDocuments({ _id: 'lock' as never })).toBe(0);

    fixed = true;
    const retry = await applyMigrations({ db: db.connection, models, migrations });
    expect(retry.applied).toEqual(['0002-seed', '0003-after']);
    expect(await db.connection.collection('plans').countDocuments()).toBe(2);
  });

  it('the undo of an index step drops exactly the indexes that step created', async () => {
    await db.connection.collection('clones').createIndex({ botUsername: 1 }, { name: 'botUsername_1' });
    const broken: Migration = {
      ...platformMigrations[0]!,
      id: '0001-platform-indexes',
      async up(ctx) {
        await platformMigrations[0]!.up(ctx);
        throw new Error('disk full');
      },
      undo: platformMigrations[0]!.undo,
    };
    await expect(applyMigrations({ db: db.connection, models, migrations: [broken] })).rejects.toThrow(/disk full/);
    const names = (await db.connection.collection('clones').indexes()).map((i) => i.name).sort();
    expect(names).toEqual(['_id_', 'botUsername_1']);
  });

  it('waits for another migrator, and takes over a lock whose holder died', async () => {
    const locks = db.connection.collection(MIGRATIONS_COLLECTION);
    let now = new Date('2030-01-01T00:00:00Z');
    const clock = () => now;
    await locks.insertOne({ _id: 'lock' as never, holder: 'other', until: new Date(now.getTime() + 60_000) });
    const sleep = async (ms: number) => {
      now = new Date(now.getTime() + ms);
    };
    await expect(applyMigrations({ db: db.connection, models, migrations: platformMigrations, clock, sleep, waitMs: 5_000 })).rejects.toThrow(/another process/);

    now = new Date(now.getTime() + 120_000); // the other holder's term ran out
    const result = await applyMigrations({ db: db.connection, models, migrations: platformMigrations, clock, sleep });
    expect(result.applied).toHaveLength(platformMigrations.length);
  });
});

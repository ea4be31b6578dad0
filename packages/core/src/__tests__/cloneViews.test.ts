import { openTestDatabase } from '@test-support/database';
import { readCloneViews, scanCloneViews } from '../clones/cloneViews';
import { ensurePlatformIndexes, platformModels, type PlatformModels } from '../models/platformModels';
import type { CloneDoc } from '../models/clone';
import { userKey } from '../models/user';
import { isLoopback } from '../net/isLoopback';
import { subscriptionPolicy } from '../subscription/policy';
import { DAY_MS, HOUR_MS } from '../time/durations';

const NOW = new Date(Date.UTC(2030, 5, 1, 12));

const newClone = (id: string, ownerId: number, extra: Partial<CloneDoc> = {}) => ({
  _id: id,
  ownerId,
  botId: Number.parseInt(id.slice(-6), 16),
  botUsername: `bot_${id}`,
  source: 'token' as const,
  desiredRunning: true,
  ...extra,
});

describe('subscription policy', () => {
  it('turns GRACE_HOURS into the grace period', () => {
    expect(subscriptionPolicy({ graceHours: 0 })).toEqual({ graceMs: 0 });
    expect(subscriptionPolicy({ graceHours: 48 })).toEqual({ graceMs: 2 * DAY_MS });
    expect(HOUR_MS * 24).toBe(DAY_MS);
  });
});

describe('isLoopback', () => {
  it.each([
    ['localhost', true],
    ['::1', true],
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['0.0.0.0', false],
    ['10.0.0.1', false],
    ['example.com', false],
    ['[::1]', false],
  ])('%s -> %s', (host, expected) => {
    expect(isLoopback(host)).toBe(expected);
  });
});

describe('clone views on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  const policy = subscriptionPolicy({ graceHours: 24 });

  beforeAll(async () => {
    db = await openTestDatabase('cloneviews');
    models = platformModels(db.connection);
    await ensurePlatformIndexes(models);
    await models.Clone.create([
      newClone('a00000000001', 1),
      newClone('a00000000002', 1),
      newClone('a00000000003', 2),
      newClone('a00000000004', 3),
      newClone('a00000000005', 3, { deletedAt: NOW }),
    ]);
    await models.Subscription.create([
      { _id: 'a00000000001', ownerId: 1, expiresAt: new Date(NOW.getTime() + DAY_MS), isTrial: true },
      { _id: 'a00000000002', ownerId: 1, expiresAt: new Date(NOW.getTime() - 2 * HOUR_MS), isTrial: false },
      { _id: 'a00000000003', ownerId: 2, expiresAt: new Date(NOW.getTime() - 2 * DAY_MS), isTrial: false },
      { _id: 'a00000000004', ownerId: 3, expiresAt: new Date(NOW.getTime() + DAY_MS), isTrial: false },
    ]);
    await models.User.create({ _id: userKey(3), banned: true });
  });
  afterAll(async () => {
    await db.drop();
  });

  it('joins each clone with its subscription and its owner ban, by point reads and by scan alike', async () => {
    const clones = await models.Clone.find({}).sort({ _id: 1 }).lean<CloneDoc[]>();
    const read = await readCloneViews(models, clones, policy, () => NOW);
    const scanned = (await scanCloneViews(models, policy, NOW)).sort((x, y) => x.clone._id.localeCompare(y.clone._id));
    const summary = (views: typeof read) => views.map((v) => [v.clone._id, v.verdict, v.ownerBanned, v.subscription?.isTrial ?? null]);
    expect(summary(read)).toEqual([
      ['a00000000001', 'ok', false, true],
      ['a00000000002', 'ok', false, false],
      ['a00000000003', 'expired', false, false],
      ['a00000000004', 'owner_banned', true, false],
      ['a00000000005', 'deleted', true, null],
    ]);
    expect(summary(scanned)).toEqual(summary(read));
  });
});

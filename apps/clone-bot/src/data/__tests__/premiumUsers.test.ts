import { cloneDataModels, DAY_MS, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { PremiumUsers } from '../premiumUsers';

describe('PremiumUsers: who skips verification and quotas', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;
  let now = new Date(Date.UTC(2026, 10, 1));
  const clock = () => now;

  beforeAll(async () => {
    db = await openTestDatabase('premium-users');
    models = cloneDataModels(db.connection);
  });
  afterAll(() => db.drop());

  it('extends from what is left, ends on time, and revokes', async () => {
    const premium = new PremiumUsers(models.PremiumUser, clock, 0);
    expect(await premium.isPremium(7)).toBe(false);
    const first = await premium.extend(7, 30, 'stars');
    expect(first.getTime()).toBe(now.getTime() + 30 * DAY_MS);
    now = new Date(now.getTime() + 10 * DAY_MS);
    // A renewal with 20 days left keeps them: 20 + 7.
    const second = await premium.extend(7, 7, 'owner');
    expect(second.getTime()).toBe(now.getTime() + 27 * DAY_MS);
    expect((await models.PremiumUser.findById('7').lean())?.source).toBe('owner');
    now = new Date(second.getTime() + 1);
    expect(await premium.isPremium(7)).toBe(false);
    await premium.extend(7, 1, 'stars');
    expect(await premium.revoke(7)).toBe(true);
    expect(await premium.isPremium(7)).toBe(false);
    expect(await premium.revoke(8)).toBe(false);
  });

  it('takes refunded days off what is left, ending premium when nothing remains', async () => {
    const premium = new PremiumUsers(models.PremiumUser, clock, 0);
    await premium.extend(11, 30, 'stars');
    await premium.extend(11, 7, 'stars');
    expect((await premium.shorten(11, 7))?.getTime()).toBe(now.getTime() + 30 * DAY_MS);
    expect(await premium.shorten(11, 30)).toBeNull();
    expect(await premium.isPremium(11)).toBe(false);
    expect(await premium.shorten(12, 5)).toBeNull();
  });

  it('loses no change when a payment, a grant and a refund of one user come at once', async () => {
    const premium = new PremiumUsers(models.PremiumUser, clock, 0);
    await premium.extend(21, 10, 'stars');
    // Without one change at a time, each of these reads the same end and the last write wins.
    await Promise.all([premium.extend(21, 30, 'stars'), premium.extend(21, 7, 'owner'), premium.shorten(21, 5), premium.extend(21, 1, 'stars')]);
    const doc = await models.PremiumUser.findById('21').lean();
    expect(doc?.until.getTime()).toBe(now.getTime() + (10 + 30 + 7 - 5 + 1) * DAY_MS);
  });

  it('answers from its short cache between writes of the same process', async () => {
    const premium = new PremiumUsers(models.PremiumUser, clock, 60_000);
    await premium.extend(9, 3, 'stars');
    await models.PremiumUser.deleteOne({ _id: '9' });
    // Read back from the cache: the worker is the only writer, so the copy stays exact in practice.
    expect(await premium.isPremium(9)).toBe(true);
  });
});

describe('PremiumUsers held in memory once loaded', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;
  const now = new Date(Date.UTC(2026, 10, 1));
  const clock = () => now;

  beforeAll(async () => {
    db = await openTestDatabase('premium-users-loaded');
    models = cloneDataModels(db.connection);
  });
  afterAll(() => db.drop());

  it('answers from memory after load, keeps its own writes, and sees what a restarted worker reads back', async () => {
    await models.PremiumUser.create([
      { _id: '21', until: new Date(now.getTime() + DAY_MS), source: 'stars' },
      { _id: '22', until: new Date(now.getTime() - DAY_MS), source: 'owner' },
    ]);
    const premium = new PremiumUsers(models.PremiumUser, clock, 0);
    await premium.load();
    // The database no longer decides: a document removed behind the worker's back is still premium here.
    await models.PremiumUser.deleteOne({ _id: '21' });
    expect(await premium.isPremium(21)).toBe(true);
    expect(await premium.isPremium(22)).toBe(false);
    expect(await premium.isPremium(23)).toBe(false);
    await premium.extend(23, 2, 'owner');
    expect(await premium.isPremium(23)).toBe(true);
    await premium.revoke(23);
    expect(await premium.isPremium(23)).toBe(false);
    await premium.extend(24, 1, 'stars');

    const restarted = new PremiumUsers(models.PremiumUser, clock, 0);
    await restarted.load();
    expect(await restarted.isPremium(24)).toBe(true);
    expect(await restarted.isPremium(21)).toBe(false);
  });

  it('keeps a write made while the load reads', async () => {
    const premium = new PremiumUsers(models.PremiumUser, clock, 0);
    const loading = premium.load();
    await premium.extend(31, 5, 'stars');
    await loading;
    expect(await premium.isPremium(31)).toBe(true);
  });
});

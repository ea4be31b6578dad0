import { cloneDataModels, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { UserAccessStore } from '../userAccess';

describe('UserAccessStore: one point read per user, then memory', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;
  const inADay = () => new Date(Date.now() + 86_400_000);

  beforeAll(async () => {
    db = await openTestDatabase('user-access');
    models = cloneDataModels(db.connection);
  });
  afterAll(() => db.drop());

  it('serves a verified user from memory after the first read, with its own writes applied', async () => {
    const store = new UserAccessStore(models.UserAccess);
    const until = inADay();
    await store.markVerified(5, until);
    const first = await store.get(5);
    expect(first?.verifiedUntil?.getTime()).toBe(until.getTime());
    // Removed behind the worker's back (it is the only writer in production): still answered from memory.
    await models.UserAccess.deleteOne({ _id: '5' });
    expect((await store.get(5))?.verifiedUntil?.getTime()).toBe(until.getTime());
    await store.setQuota(5, '2026-11-29', 3);
    const after = await store.get(5);
    expect(after).toMatchObject({ quotaDay: '2026-11-29', quotaCount: 3 });
    expect(after?.verifiedUntil?.getTime()).toBe(until.getTime());
  });

  it('remembers a user who has no document, and fetches the one a write then creates', async () => {
    const store = new UserAccessStore(models.UserAccess);
    expect(await store.get(6)).toBeNull();
    await models.UserAccess.create({ _id: '6', verifiedUntil: inADay(), pending: null, quotaDay: null, quotaCount: 0 });
    expect(await store.get(6)).toBeNull();
    await store.setPending(6, { nonce: 'n', expiresAt: inADay(), code: 'f_x', shortUrl: 'https://s.example/x' });
    const read = await store.get(6);
    expect(read?.pending?.code).toBe('f_x');
    expect(read?.verifiedUntil).not.toBeNull();
  });

  it('forgets the least recently used beyond its size', async () => {
    const store = new UserAccessStore(models.UserAccess, 2);
    await store.markVerified(7, inADay());
    await store.get(7);
    await store.get(8);
    await store.get(9);
    await models.UserAccess.updateOne({ _id: '7' }, { $set: { quotaCount: 9 } });
    expect((await store.get(7))?.quotaCount).toBe(9);
  });
});

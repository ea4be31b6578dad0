import { cloneDataModels, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { SettingsStore } from '../settingsStore';

describe('SettingsStore: settings cached in the worker', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;

  beforeAll(async () => {
    db = await openTestDatabase('settings-store');
    models = cloneDataModels(db.connection);
  });
  afterAll(() => db.drop());
  beforeEach(() => models.Settings.deleteMany({}));

  async function eventually(read: () => Promise<string>, want: string): Promise<string> {
    let seen = await read();
    for (let i = 0; i < 100 && seen !== want; i += 1) {
      await new Promise((r) => setTimeout(r, 20));
      seen = await read();
    }
    return seen;
  }

  it('answers stale settings at once and refreshes them in the background', async () => {
    const store = new SettingsStore(models.Settings, 0);
    expect((await store.get()).welcomeText).toBeTruthy();
    await models.Settings.updateOne({ _id: 'settings' }, { $set: { welcomeText: 'changed outside' } });
    // The cache is stale (ttl 0), yet the reader does not wait for the database: it gets the old text.
    expect((await store.get()).welcomeText).not.toBe('changed outside');
    expect(await eventually(async () => (await store.get()).welcomeText, 'changed outside')).toBe('changed outside');
  });

  it('returns what it wrote, even when a read from before the write is still in flight', async () => {
    const store = new SettingsStore(models.Settings, 0);
    await store.get();
    void store.get(); // starts a background refresh that may read the old value
    const written = await store.update({ welcomeText: 'hello from the owner' });
    expect(written.welcomeText).toBe('hello from the owner');
    for (let i = 0; i < 5; i += 1) await new Promise((r) => setTimeout(r, 20));
    expect((await store.get()).welcomeText).toBe('hello from the owner');
  });
});

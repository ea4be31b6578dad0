import { openTestDatabase } from '@test-support/database';
import { cloneDataModels } from '../models/cloneData/cloneDataModels';
import { loadCloneSettings, updateCloneSettings } from '../models/cloneData/cloneSettings';

describe('clone settings: the first update racing the first read', () => {
  it('keeps the update when both create the settings document at once', async () => {
    const db = await openTestDatabase('clone_settings_race');
    try {
      const { Settings } = cloneDataModels(db.connection);
      // FerretDB can let two upserts of one _id both try to insert; the loser must not fail.
      for (let round = 0; round < 25; round++) {
        await Settings.deleteOne({ _id: 'settings' });
        await Promise.all([
          updateCloneSettings(Settings, { searchEnabled: round % 2 === 0 }),
          updateCloneSettings(Settings, { protectContent: round % 2 === 1 }),
          ...Array.from({ length: 4 }, () => loadCloneSettings(Settings)),
        ]);
        const settings = await loadCloneSettings(Settings);
        expect([settings.searchEnabled, settings.protectContent]).toEqual([round % 2 === 0, round % 2 === 1]);
      }
    } finally {
      await db.drop();
    }
  });
});

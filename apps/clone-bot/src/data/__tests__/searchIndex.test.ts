import { cloneDataModels, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { SearchIndex } from '../searchIndex';

describe('SearchIndex: in-memory search over the clone\'s files', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;

  beforeAll(async () => {
    db = await openTestDatabase('search');
    models = cloneDataModels(db.connection);
    const base = Date.UTC(2026, 0, 1);
    await models.File.collection.insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        _id: `f_${String(i).padStart(16, '0')}`,
        kind: 'document',
        fileName: `file ${i}`,
        searchText: `file ${i} ${i % 2 === 0 ? 'holiday' : 'work'} photos`,
        createdAt: new Date(base + i * 1000),
        deletedAt: i === 28 ? new Date() : null,
      })) as never[],
    );
  });
  afterAll(() => db.drop());

  it('finds files holding every word, newest first, in pages, without deleted ones', async () => {
    const index = new SearchIndex(models.File);
    const page1 = await index.search(['holiday', 'photos'], 0, 5);
    expect(page1.map((h) => h.fileName)).toEqual(['file 26', 'file 24', 'file 22', 'file 20', 'file 18']);
    const page3 = await index.search(['holiday'], 10, 5);
    expect(page3.map((h) => h.fileName)).toEqual(['file 6', 'file 4', 'file 2', 'file 0']);
    expect(await index.search(['holiday', 'work'], 0, 5)).toEqual([]);
    expect(index.size).toBe(29);
  });

  it('stays current: uploads come first, deletions vanish', async () => {
    const index = new SearchIndex(models.File);
    await index.load();
    index.add({ _id: 'f_new', fileName: 'new holiday', kind: 'video', searchText: 'new holiday' });
    index.remove('f_0000000000000026');
    expect((await index.search(['holiday'], 0, 2)).map((h) => h.code)).toEqual(['f_new', 'f_0000000000000024']);
  });

  it('does not bring back a file deleted while the index was being built', async () => {
    const index = new SearchIndex(models.File);
    const loading = index.load();
    index.remove('f_0000000000000024');
    await loading;
    expect((await index.search(['holiday'], 0, 1)).map((h) => h.code)).toEqual(['f_0000000000000026']);
  });
});

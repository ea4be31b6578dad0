import { cloneDataModels, createLogger, type CloneDataModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { FileLibrary } from '../fileLibrary';
import { StatsWriter } from '../statsWriter';

const logger = createLogger({ label: 'test', level: 'error', console: false });

describe('FileLibrary: point reads, and hot links from memory', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: CloneDataModels;
  const reads: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase('library');
    models = cloneDataModels(db.connection);
    db.connection.set('debug', (collection: string, method: string) => {
      if (method === 'findOne') reads.push(collection);
    });
  });
  afterAll(() => db.drop());

  const file = (code: string) => ({ _id: code, kind: 'document' as const, fileId: 'x', fileUniqueId: 'u', fileName: `${code}.txt`, mimeType: null, size: 1, caption: null, captionEntities: null, searchText: code, storage: null, createdBy: 1 });

  it('serves a link opened again without reading the database, and forgets nothing it deletes', async () => {
    const library = new FileLibrary(models, new StatsWriter(models, logger));
    await library.addFile(file('f_hot'));
    await library.addBatch('b_hot', ['f_hot', 'f_missing'], 1);
    reads.length = 0;
    for (let i = 0; i < 5; i += 1) expect((await library.batchPage('b_hot', 0, 50))!.files.map((f) => f._id)).toEqual(['f_hot']);
    // Only the unknown code was read, once: what this worker wrote it knows already.
    expect(reads).toEqual(['files']);

    expect(await library.deleteLink('file', 'f_hot')).toBe(true);
    expect(await library.file('f_hot')).toBeNull();
    expect(await library.deleteLink('file', 'f_hot')).toBe(false);
    // Another worker (a restart) reads the same answer from the database.
    const fresh = new FileLibrary(models, new StatsWriter(models, logger));
    expect(await fresh.file('f_hot')).toBeNull();
    expect((await fresh.batch('b_hot'))?.fileCodes).toEqual(['f_hot', 'f_missing']);
  });

  it('reads one page of a big batch: the batch by its code and only that page\'s files', async () => {
    const writer = new FileLibrary(models, new StatsWriter(models, logger));
    const fileCodes = Array.from({ length: 120 }, (_, i) => `f_page${i}`);
    for (const code of fileCodes) await writer.addFile({ ...file(code), fileUniqueId: code });
    await writer.addBatch('b_pages', fileCodes, 1);
    // Another worker, nothing in memory: every read goes to the database.
    const library = new FileLibrary(models, new StatsWriter(models, logger));
    reads.length = 0;
    const last = await library.batchPage('b_pages', 2, 50);
    expect(last?.total).toBe(120);
    expect(last?.files.map((f) => f._id)).toEqual(fileCodes.slice(100));
    expect(reads.filter((c) => c === 'batches')).toHaveLength(1);
    expect(reads.filter((c) => c === 'files')).toHaveLength(20);
    expect(await library.batchPage('b_none', 0, 50)).toBeNull();
  });
});

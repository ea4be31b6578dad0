import { counterKeys, ignoringDuplicateKey, withDatabaseRetries, type CloneBatchDoc, type CloneDataModels, type CloneFileDoc } from '@motherbot/core';
import type { StatsWriter } from './statsWriter';
import { SearchIndex, type SearchHit } from './searchIndex';
import { FileUniques } from './fileUniques';

/** A new file as the upload handler extracted it. */
export type NewFile = Omit<CloneFileDoc, 'createdAt' | 'deletedAt'>;

/** How many file and batch documents the worker keeps in memory, most recently used first. */
const CACHED_LINKS = 2_000;

/**
 * The clone's files and batches, read and written by point operations on their share code
 * (the `_id`): opening a link costs the same at ten files as at a hundred thousand. Deleted
 * links are kept (the document stays, `deletedAt` set) and filtered here, after the read.
 *
 * Recently opened links stay in memory: a link posted to a big channel is the same few
 * documents for every user, and the database read per update was what bounded a burst (it
 * queued behind the stats writer's bulk writes on the worker's two connections). The cache is
 * exact because this worker is the only writer of its files and batches: every write here
 * updates it.
 */
export class FileLibrary {
  readonly search: SearchIndex;
  /** Told of every file added or deleted: the discovery lists (recentFiles.ts) follow the library this way. */
  readonly watchers: Array<{ added(file: CloneFileDoc): void; removed(code: string): void }> = [];
  private readonly uniques: FileUniques;
  private readonly cache = new Map<string, CloneFileDoc | CloneBatchDoc | null>();

  constructor(
    private readonly models: CloneDataModels,
    private readonly stats: StatsWriter,
  ) {
    this.search = new SearchIndex(models.File);
    this.uniques = new FileUniques(models.File.db);
  }

  /** A live file, or null (unknown or deleted). */
  async file(code: string): Promise<CloneFileDoc | null> {
    const file = await this.cached(code, () => this.models.File.findById(code).lean<CloneFileDoc>());
    return file && !file.deletedAt ? (file as CloneFileDoc) : null;
  }

  /** A live batch, or null. */
  async batch(code: string): Promise<CloneBatchDoc | null> {
    const batch = await this.cached(code, () => this.models.Batch.findById(code).lean<CloneBatchDoc>());
    return batch && !batch.deletedAt ? (batch as CloneBatchDoc) : null;
  }

  private async cached(code: string, read: () => Promise<CloneFileDoc | CloneBatchDoc | null>): Promise<CloneFileDoc | CloneBatchDoc | null> {
    if (this.cache.has(code)) {
      const hit = this.cache.get(code) ?? null;
      // Refresh its place: a Map iterates in insertion order, so the first key is the least recently used.
      this.cache.delete(code);
      this.cache.set(code, hit);
      return hit;
    }
    const doc = await withDatabaseRetries(read);
    this.remember(code, doc);
    return doc;
  }

  private remember(code: string, doc: CloneFileDoc | CloneBatchDoc | null): void {
    this.cache.delete(code);
    this.cache.set(code, doc);
    if (this.cache.size > CACHED_LINKS) this.cache.delete(this.cache.keys().next().value as string);
  }

  /**
   * One page of a batch: the live files at positions [page·size, page·size + size) of the
   * batch's order, and how many codes the batch holds. Reads the batch document by its code and
   * only the page's files, so a page costs the same in a batch of 1,000 as in one of 50 (a
   * 1,000-code batch document is 28 kB of BSON). Null when the batch is unknown or deleted.
   */
  async batchPage(code: string, page: number, size: number): Promise<{ files: CloneFileDoc[]; total: number } | null> {
    const batch = await this.batch(code);
    if (!batch) return null;
    const files = await Promise.all(batch.fileCodes.slice(page * size, page * size + size).map((c) => this.file(c)));
    return { files: files.filter((f): f is CloneFileDoc => f !== null), total: batch.fileCodes.length };
  }

  /**
   * Stores a file under its code, unless the same content (`fileUniqueId`) is already stored
   * under a live code: then nothing is written and that code comes back. Returns the code that
   * holds the file; the caller replies with its link only after this.
   */
  async addFile(file: NewFile): Promise<string> {
    const holder = await this.uniques.claim(file.fileUniqueId, file._id);
    if (holder !== file._id) {
      if (await this.file(holder)) return holder;
      await this.uniques.set(file.fileUniqueId, file._id);
    }
    const doc: CloneFileDoc = { ...file, createdAt: new Date(), deletedAt: null };
    await ignoringDuplicateKey(withDatabaseRetries(() => this.models.File.create(doc)));
    this.stats.inc(counterKeys.totals, 'files');
    this.remember(doc._id, doc);
    this.search.add(doc);
    for (const w of this.watchers) w.added(doc);
    return doc._id;
  }

  async addBatch(code: string, fileCodes: string[], createdBy: number): Promise<void> {
    const doc: CloneBatchDoc = { _id: code, fileCodes, createdBy, createdAt: new Date(), deletedAt: null };
    await ignoringDuplicateKey(withDatabaseRetries(() => this.models.Batch.create(doc)));
    this.stats.inc(counterKeys.totals, 'batches');
    this.remember(code, doc);
  }

  /** Marks a link deleted; false when there is no such live link. */
  async deleteLink(kind: 'file' | 'batch', code: string): Promise<boolean> {
    const live = kind === 'file' ? await this.file(code) : await this.batch(code);
    if (!live) return false;
    const model = (kind === 'file' ? this.models.File : this.models.Batch) as CloneDataModels['File'];
    const deletedAt = new Date();
    await withDatabaseRetries(() => model.updateOne({ _id: code }, { $set: { deletedAt } }));
    this.remember(code, { ...live, deletedAt });
    this.stats.inc(counterKeys.totals, kind === 'file' ? 'files' : 'batches', -1);
    if (kind === 'file') this.search.remove(code);
    if (kind === 'file') for (const w of this.watchers) w.removed(code);
    return true;
  }

  /** Names of files by code (deleted ones included: the stats name what was opened). */
  async names(codes: string[]): Promise<Map<string, string>> {
    const docs = await Promise.all(codes.map((c) => this.cached(c, () => this.models.File.findById(c).lean<CloneFileDoc>())));
    return new Map(docs.filter((d): d is CloneFileDoc => d !== null && 'fileName' in d).map((d) => [d._id, d.fileName]));
  }

  findFiles(words: string[], skip: number, limit: number): Promise<SearchHit[]> {
    return this.search.search(words, skip, limit);
  }
}

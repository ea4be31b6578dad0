import { counterKeys, withDatabaseRetries, type CloneBatchDoc, type CloneDataModels, type CloneFileDoc } from '@motherbot/core';
import type { StatsWriter } from './statsWriter';
import { SearchIndex, type SearchHit } from './searchIndex';

/** A new file as the upload handler extracted it. */
export type NewFile = Omit<CloneFileDoc, 'createdAt' | 'deletedAt'>;

/**
 * The clone's files and batches, read and written by point operations on their share code
 * (the `_id`): opening a link costs the same at ten files as at a hundred thousand. Deleted
 * links are kept (the document stays, `deletedAt` set) and filtered here, after the read.
 */
export class FileLibrary {
  readonly search: SearchIndex;

  constructor(
    private readonly models: CloneDataModels,
    private readonly stats: StatsWriter,
  ) {
    this.search = new SearchIndex(models.File);
  }

  /** A live file, or null (unknown or deleted). */
  async file(code: string): Promise<CloneFileDoc | null> {
    const file = await withDatabaseRetries(() => this.models.File.findById(code).lean<CloneFileDoc>());
    return file && !file.deletedAt ? file : null;
  }

  /** A live batch, or null. */
  async batch(code: string): Promise<CloneBatchDoc | null> {
    const batch = await withDatabaseRetries(() => this.models.Batch.findById(code).lean<CloneBatchDoc>());
    return batch && !batch.deletedAt ? batch : null;
  }

  /** The live files behind a file or batch code, in the batch's order (point reads, in parallel). */
  async filesOf(kind: 'file' | 'batch', code: string): Promise<CloneFileDoc[]> {
    if (kind === 'file') {
      const file = await this.file(code);
      return file ? [file] : [];
    }
    const batch = await this.batch(code);
    if (!batch) return [];
    const files = await Promise.all(batch.fileCodes.map((c) => this.file(c)));
    return files.filter((f): f is CloneFileDoc => f !== null);
  }

  /** Stores an uploaded file under its code; the caller replies with the link only after this. */
  async addFile(file: NewFile): Promise<void> {
    const doc: CloneFileDoc = { ...file, createdAt: new Date(), deletedAt: null };
    await withDatabaseRetries(() => this.models.File.create(doc)).catch((error: unknown) => {
      // A retried insert whose first attempt landed: the file is there.
      if ((error as { code?: number }).code !== 11000) throw error;
    });
    this.stats.inc(counterKeys.totals, 'files');
    this.search.add(doc);
  }

  async addBatch(code: string, fileCodes: string[], createdBy: number): Promise<void> {
    await withDatabaseRetries(() => this.models.Batch.create({ _id: code, fileCodes, createdBy, createdAt: new Date(), deletedAt: null })).catch((error: unknown) => {
      if ((error as { code?: number }).code !== 11000) throw error;
    });
    this.stats.inc(counterKeys.totals, 'batches');
  }

  /** Marks a link deleted; false when there is no such live link. */
  async deleteLink(kind: 'file' | 'batch', code: string): Promise<boolean> {
    const live = kind === 'file' ? await this.file(code) : await this.batch(code);
    if (!live) return false;
    const model = (kind === 'file' ? this.models.File : this.models.Batch) as CloneDataModels['File'];
    await withDatabaseRetries(() => model.updateOne({ _id: code }, { $set: { deletedAt: new Date() } }));
    this.stats.inc(counterKeys.totals, kind === 'file' ? 'files' : 'batches', -1);
    if (kind === 'file') this.search.remove(code);
    return true;
  }

  /** Names of files by code (deleted ones included: the stats name what was opened). */
  async names(codes: string[]): Promise<Map<string, string>> {
    const docs = await Promise.all(codes.map((c) => withDatabaseRetries(() => this.models.File.findById(c, { fileName: 1 }).lean())));
    return new Map(docs.filter((d) => d !== null).map((d) => [d._id, d.fileName]));
  }

  findFiles(words: string[], skip: number, limit: number): Promise<SearchHit[]> {
    return this.search.search(words, skip, limit);
  }
}

import type { CloneFileDoc, CloneFileModel } from '@motherbot/core';
import { SearchBlocks } from './searchBlocks';

/** What a search result shows: enough for a button, nothing more. */
export interface SearchHit {
  code: string;
  fileName: string;
  kind: CloneFileDoc['kind'];
}

interface Entry extends SearchHit {
  /** False once deleted: a search skips it until the next compaction drops it. */
  live: boolean;
}

/**
 * The clone's files searchable in memory: built once from the `files` collection (one scan, in
 * the background after start) and kept current by the library on every upload and delete. A
 * `$regex` over the collection costs a full read per search and grows with the library; this
 * costs a string search in memory (a few ms at 100,000 files, see `SearchBlocks`) and one scan
 * per worker start. Memory: about 150 bytes per file. Newest files come first.
 */
export class SearchIndex {
  /** Oldest first; deleted entries are removed from `byCode` and marked dead here. */
  private blocks = new SearchBlocks<Entry>();
  private readonly byCode = new Map<string, Entry>();
  private loading: Promise<void> | undefined;
  /** Codes deleted while the scan runs: the scan may still have read them as live. */
  private removedDuringScan: Set<string> | undefined;

  constructor(private readonly files: CloneFileModel) {}

  /** Builds the index once (later calls share the first); searches wait for it. */
  load(): Promise<void> {
    this.loading ??= this.scan().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  add(file: Pick<CloneFileDoc, '_id' | 'fileName' | 'kind' | 'searchText'>): void {
    if (this.byCode.has(file._id)) return;
    this.insert({ code: file._id, fileName: file.fileName, kind: file.kind, live: true }, file.searchText);
  }

  remove(code: string): void {
    const entry = this.byCode.get(code);
    if (entry) entry.live = false;
    this.byCode.delete(code);
    this.removedDuringScan?.add(code);
    // Compact once deleted entries make up a quarter of the list.
    if (this.blocks.length > 1_000 && this.byCode.size < this.blocks.length * 0.75) this.blocks.retain((e) => e.live);
  }

  get size(): number {
    return this.byCode.size;
  }

  /** Files whose name or caption holds every word, newest first: `limit` hits after skipping `skip`. */
  async search(words: string[], skip: number, limit: number): Promise<SearchHit[]> {
    await this.load();
    const hits: SearchHit[] = [];
    if (limit <= 0) return hits;
    let toSkip = skip;
    for (const entry of this.blocks.matching(words)) {
      if (!entry.live) continue;
      if (toSkip > 0) {
        toSkip -= 1;
        continue;
      }
      hits.push({ code: entry.code, fileName: entry.fileName, kind: entry.kind });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  private async scan(): Promise<void> {
    this.removedDuringScan = new Set();
    try {
      await this.scanFiles();
    } finally {
      this.removedDuringScan = undefined;
    }
  }

  private async scanFiles(): Promise<void> {
    const found: Array<{ entry: Entry; text: string; at: number }> = [];
    const cursor = this.files.collection.find({}, { projection: { _id: 1, fileName: 1, kind: 1, searchText: 1, createdAt: 1, deletedAt: 1 } });
    for await (const doc of cursor) {
      if (doc.deletedAt) continue;
      const entry: Entry = { code: String(doc._id), fileName: String(doc.fileName ?? ''), kind: doc.kind as CloneFileDoc['kind'], live: true };
      found.push({ entry, text: String(doc.searchText ?? ''), at: doc.createdAt instanceof Date ? doc.createdAt.getTime() : 0 });
    }
    found.sort((a, b) => a.at - b.at || a.entry.code.localeCompare(b.entry.code));
    // Uploads that arrived while scanning are already in; keep them after the scanned ones.
    const arrived = this.blocks;
    this.blocks = new SearchBlocks<Entry>();
    for (const { entry, text } of found) if (!this.byCode.has(entry.code) && !this.removedDuringScan?.has(entry.code)) this.insert(entry, text);
    for (const [entry, text] of arrived.entries()) if (entry.live) this.blocks.append(entry, text);
  }

  private insert(entry: Entry, text: string): void {
    this.blocks.append(entry, text);
    this.byCode.set(entry.code, entry);
  }
}

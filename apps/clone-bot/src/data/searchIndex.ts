import type { CloneFileDoc, CloneFileModel } from '@motherbot/core';

/** What a search result shows: enough for a button, nothing more. */
export interface SearchHit {
  code: string;
  fileName: string;
  kind: CloneFileDoc['kind'];
}

interface Entry extends SearchHit {
  text: string;
}

/**
 * The clone's files searchable in memory: built once from the `files` collection (one scan, in
 * the background after start) and kept current by the library on every upload and delete. A
 * `$regex` over the collection costs a full read per search and grows with the library; this
 * costs a substring test per file in memory (about 10 ms at 100,000 files) and one scan per
 * worker start. Memory: about 150 bytes per file. Newest files come first.
 */
export class SearchIndex {
  /** Oldest first; deleted entries are removed from `byCode` and skipped in `order`. */
  private readonly order: Entry[] = [];
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
    const entry: Entry = { code: file._id, fileName: file.fileName, kind: file.kind, text: file.searchText };
    this.order.push(entry);
    this.byCode.set(entry.code, entry);
  }

  remove(code: string): void {
    this.byCode.delete(code);
    this.removedDuringScan?.add(code);
    // Compact once deleted entries make up a quarter of the list.
    if (this.order.length > 1_000 && this.byCode.size < this.order.length * 0.75) {
      const live = this.order.filter((e) => this.byCode.get(e.code) === e);
      this.order.splice(0, this.order.length, ...live);
    }
  }

  get size(): number {
    return this.byCode.size;
  }

  /** Files whose name or caption holds every word, newest first: `limit` hits after skipping `skip`. */
  async search(words: string[], skip: number, limit: number): Promise<SearchHit[]> {
    await this.load();
    const hits: SearchHit[] = [];
    let toSkip = skip;
    for (let i = this.order.length - 1; i >= 0 && hits.length < limit; i -= 1) {
      const entry = this.order[i]!;
      if (this.byCode.get(entry.code) !== entry || !words.every((w) => entry.text.includes(w))) continue;
      if (toSkip > 0) {
        toSkip -= 1;
        continue;
      }
      hits.push({ code: entry.code, fileName: entry.fileName, kind: entry.kind });
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
    const found: Array<{ entry: Entry; at: number }> = [];
    const cursor = this.files.collection.find({}, { projection: { _id: 1, fileName: 1, kind: 1, searchText: 1, createdAt: 1, deletedAt: 1 } });
    for await (const doc of cursor) {
      if (doc.deletedAt) continue;
      const entry: Entry = { code: String(doc._id), fileName: String(doc.fileName ?? ''), kind: doc.kind as CloneFileDoc['kind'], text: String(doc.searchText ?? '') };
      found.push({ entry, at: doc.createdAt instanceof Date ? doc.createdAt.getTime() : 0 });
    }
    found.sort((a, b) => a.at - b.at || a.entry.code.localeCompare(b.entry.code));
    // Uploads that arrived while scanning are already in; keep them after the scanned ones.
    const arrived = this.order.splice(0, this.order.length);
    for (const { entry } of found) if (!this.byCode.has(entry.code) && !this.removedDuringScan?.has(entry.code)) this.insert(entry);
    for (const entry of arrived) if (this.byCode.get(entry.code) === entry) this.order.push(entry);
  }

  private insert(entry: Entry): void {
    this.order.push(entry);
    this.byCode.set(entry.code, entry);
  }
}

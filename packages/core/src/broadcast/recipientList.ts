import { CHUNK_SIZE, chunkId, type BroadcastChunkModel } from './broadcastModels';

/**
 * A broadcast's recipients as positions over its chunk documents. Reads are point lookups by
 * `_id` (the one filter FerretDB serves from an index), one per chunk, cached while the runner
 * walks through it; nothing here scans a collection.
 */
export class RecipientList {
  private starts: number[] = [];
  private total = 0;
  private readonly cache = new Map<number, number[]>();

  constructor(
    private readonly Chunk: BroadcastChunkModel,
    private readonly broadcastId: string,
    chunkLengths: number[],
  ) {
    this.setLengths(chunkLengths);
  }

  get size(): number {
    return this.total;
  }

  /** Takes the layout after recipients were added (chunks are only ever appended). */
  setLengths(chunkLengths: number[]): void {
    this.starts = [];
    let at = 0;
    for (const length of chunkLengths) {
      this.starts.push(at);
      at += length;
    }
    this.total = at;
  }

  /** The chat ids at these positions, in the same order. */
  async chatIdsAt(positions: number[]): Promise<number[]> {
    const out: number[] = [];
    for (const position of positions) {
      const n = this.chunkOf(position);
      const chatIds = await this.load(n);
      const chatId = chatIds[position - (this.starts[n] ?? 0)];
      if (chatId === undefined) throw new RangeError(`broadcast ${this.broadcastId} has no recipient at position ${position}`);
      out.push(chatId);
    }
    return out;
  }

  /** Every chat id of the broadcast (for de-duplication when more are added). */
  async all(): Promise<Set<number>> {
    const chunks = await Promise.all(this.starts.map((_, n) => this.load(n, false)));
    return new Set(chunks.flat());
  }

  private chunkOf(position: number): number {
    if (position < 0 || position >= this.total) throw new RangeError(`position ${position} is outside 0..${this.total - 1}`);
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.starts[mid] ?? 0) <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  private async load(n: number, keep = true): Promise<number[]> {
    const cached = this.cache.get(n);
    if (cached) return cached;
    const doc = await this.Chunk.findById(chunkId(this.broadcastId, n), { chatIds: 1 }).lean();
    if (!doc) throw new RangeError(`broadcast ${this.broadcastId} is missing its recipient chunk ${n}`);
    if (keep) {
      // The runner walks forward: the chunk before the current one is not needed again.
      if (this.cache.size >= 2) this.cache.delete(this.cache.keys().next().value as number);
      this.cache.set(n, doc.chatIds);
    }
    return doc.chatIds;
  }
}

/**
 * Writes new recipients as chunk documents after the existing ones; returns the new layout.
 * Upserts by `_id`, so a retry after an interruption rewrites the same chunks instead of
 * failing on them.
 */
export async function appendChunks(
  Chunk: BroadcastChunkModel,
  broadcastId: string,
  chunkLengths: number[],
  chatIds: number[],
): Promise<number[]> {
  const lengths = [...chunkLengths];
  const ops = [];
  for (let i = 0; i < chatIds.length; i += CHUNK_SIZE) {
    const part = chatIds.slice(i, i + CHUNK_SIZE);
    ops.push({ replaceOne: { filter: { _id: chunkId(broadcastId, lengths.length) }, replacement: { _id: chunkId(broadcastId, lengths.length), broadcastId, chatIds: part }, upsert: true } });
    lengths.push(part.length);
  }
  // A few chunks per command: one chunk is up to ~20 KB, and FerretDB handles small commands best.
  for (let i = 0; i < ops.length; i += 20) await Chunk.bulkWrite(ops.slice(i, i + 20), { ordered: true });
  return lengths;
}

import { cloneUserKey, counterKeys, inBulkChunks, TOP_LINKS_KEPT, type CloneDataModels, type CloneTopLinks, type Logger } from '@motherbot/core';
import { isFileCode, placeInTop, TOP_FILES_KEPT, TOP_FILES_KEY } from './topLinks';

/** A user seen on an update, to be upserted at the next flush. */
export interface UserTouch {
  id: number;
  firstName: string;
  username: string | null;
  languageCode: string | null;
  at: Date;
}

/** What one flush writes; each part is dropped once written, so a retry redoes only what failed. */
interface Pending {
  users: Map<number, UserTouch>;
  userDeliveries: Map<number, number>;
  blocks: Array<{ userId: number; blocked: boolean; at: Date }>;
  counters: Map<string, Map<string, number>>;
  links: Map<string, number>;
}

const emptyPending = (): Pending => ({ users: new Map(), userDeliveries: new Map(), blocks: [], counters: new Map(), links: new Map() });

export interface StatsWriterOptions {
  /** Flush at least this often; default 1 s. A `kill -9` loses at most this much statistics. */
  intervalMs?: number;
  /** Flush as soon as this many entries wait; default 500. */
  maxBatch?: number;
}

/**
 * Records who used the clone and what was delivered without making any reply wait for the
 * database: updates put entries in memory, and one flush at a time writes them in bulk (by size
 * and by time, and on a graceful stop). It is the only writer of the clone's counters, so their
 * `$inc`s never race (FerretDB applies a filtered update as read-then-replace).
 *
 * A delivery is counted, not logged: per user (for /privacy), per link, per day and in total.
 * What a `kill -9` can lose: the statistics of at most one flush interval (who was seen, the
 * counts). Never a file, a batch, a setting or a payment: those are written
 * before the reply that confirms them (docs/database.md).
 */
export class StatsWriter {
  private pending = emptyPending();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private soon = false;
  /** Between start() and stop(): entries arm a flush. */
  private running = false;
  private top: CloneTopLinks['links'] | undefined;
  /** The files-only top list of the "popular" button (data/topLinks.ts). */
  private topFiles: CloneTopLinks['links'] | undefined;
  private readonly options: Required<StatsWriterOptions>;
  /** Entries written since start, for tests and metrics. */
  readonly written = { users: 0, flushes: 0, failures: 0 };

  constructor(
    private readonly models: CloneDataModels,
    private readonly logger: Logger,
    options: StatsWriterOptions = {},
  ) {
    this.options = { intervalMs: options.intervalMs ?? 1_000, maxBatch: options.maxBatch ?? 500 };
  }

  /**
   * Starts writing: a flush `intervalMs` after the first entry that waits, so an idle clone has
   * no timer at all and a busy one writes once per interval.
   */
  start(): void {
    this.running = true;
    if (this.size() > 0) this.arm();
  }

  private arm(): void {
    if (!this.running || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush()
        .catch(() => undefined)
        .then(() => {
          // What failed, or came meanwhile, waits for the next interval.
          if (this.size() > 0) this.arm();
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and writes what is left (retrying for up to `deadlineMs`). */
  async stop(deadlineMs = 5_000): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const deadline = Date.now() + deadlineMs;
    while (this.size() > 0 && Date.now() < deadline) {
      await this.flush().catch(() => new Promise((r) => setTimeout(r, 250)));
    }
    if (this.size() > 0) this.logger.warn('statistics not written at stop', { entries: this.size() });
  }

  touchUser(touch: UserTouch): void {
    const previous = this.pending.users.get(touch.id);
    // A user seen twice before a flush keeps their first time (it may be their first ever).
    this.pending.users.set(touch.id, previous ? { ...touch, at: previous.at } : touch);
    this.maybeSoon();
  }

  /** A link was opened: counted per user, per link, per day and in total. */
  recordDelivery(userId: number, code: string, at = new Date()): void {
    this.pending.userDeliveries.set(userId, (this.pending.userDeliveries.get(userId) ?? 0) + 1);
    this.pending.links.set(code, (this.pending.links.get(code) ?? 0) + 1);
    this.inc(counterKeys.totals, 'deliveries');
    this.inc(counterKeys.day(at), 'deliveries');
    this.maybeSoon();
  }

  /** A user blocked (403, my_chat_member "kicked") or came back; the `blocked` total follows. */
  setBlocked(userId: number, blocked: boolean, at = new Date()): void {
    this.pending.blocks.push({ userId, blocked, at });
    this.maybeSoon();
  }

  /** Adds `by` to a counter field at the next flush. */
  inc(key: string, field: string, by = 1): void {
    this.add(this.pending, key, field, by);
    this.arm();
  }

  private add(into: Pending, key: string, field: string, by: number): void {
    const fields = into.counters.get(key) ?? new Map<string, number>();
    fields.set(field, (fields.get(field) ?? 0) + by);
    into.counters.set(key, fields);
  }

  /** Drops what is waiting about a user who asked to be forgotten. */
  forgetUser(userId: number): void {
    this.pending.users.delete(userId);
    this.pending.userDeliveries.delete(userId);
    this.pending.blocks = this.pending.blocks.filter((b) => b.userId !== userId);
  }

  size(): number {
    const p = this.pending;
    return p.users.size + p.userDeliveries.size + p.blocks.length + p.counters.size + p.links.size;
  }

  /** Writes everything pending now (after a flush in progress). Rejects if the database failed; what failed stays pending. */
  flush(): Promise<void> {
    const run = this.flushing.catch(() => undefined).then(() => this.writePending());
    this.flushing = run;
    return run;
  }

  private maybeSoon(): void {
    this.arm();
    if (this.soon || this.size() < this.options.maxBatch) return;
    this.soon = true;
    setImmediate(() => {
      this.soon = false;
      void this.flush().catch(() => undefined);
    });
  }

  private async writePending(): Promise<void> {
    if (this.size() === 0) return;
    const batch = this.pending;
    this.pending = emptyPending();
    try {
      await this.writeUsers(batch);
      await this.writeDeliveries(batch);
      await this.writeBlocks(batch);
      await this.writeCounters(batch);
      await this.writeLinks(batch);
      this.written.flushes += 1;
    } catch (error) {
      this.written.failures += 1;
      this.requeue(batch);
      this.logger.warn('statistics flush failed; kept for the next one', { error: (error as Error).message, entries: this.size() });
      throw error;
    }
  }

  private async writeUsers(batch: Pending): Promise<void> {
    if (batch.users.size === 0) return;
    const all = [...batch.users.values()];
    await inBulkChunks(all, async (touches) => {
      // A user seen and served in the same interval (the usual new user of a shared link) costs
      // one statement: the upsert carries their delivery count too.
      const result = await this.models.User.bulkWrite(
        touches.map((t) => {
          const delivered = batch.userDeliveries.get(t.id);
          const set = { firstName: t.firstName, username: t.username, languageCode: t.languageCode, lastSeenAt: t.at };
          const update = delivered
            ? { $set: set, $setOnInsert: { firstSeenAt: t.at, blockedAt: null }, $inc: { deliveries: delivered } }
            : { $set: set, $setOnInsert: { firstSeenAt: t.at, blockedAt: null, deliveries: 0 } };
          return { updateOne: { filter: { _id: cloneUserKey(t.id) }, update, upsert: true } };
        }),
        { ordered: true },
      );
      for (const index of Object.keys(result.upsertedIds ?? {})) {
        const touch = touches[Number(index)];
        if (!touch) continue;
        this.add(batch, counterKeys.totals, 'users', 1);
        this.add(batch, counterKeys.day(touch.at), 'newUsers', 1);
      }
      this.written.users += touches.length;
      for (const touch of touches) {
        batch.users.delete(touch.id);
        batch.userDeliveries.delete(touch.id);
      }
    });
  }

  /** Delivery counts of users not seen in this interval (a returning user): a `$inc` each. */
  private async writeDeliveries(batch: Pending): Promise<void> {
    await inBulkChunks([...batch.userDeliveries], async (chunk) => {
      await this.models.User.bulkWrite(
        chunk.map(([userId, n]) => ({ updateOne: { filter: { _id: cloneUserKey(userId) }, update: { $inc: { deliveries: n } } } })),
        { ordered: false },
      );
      for (const [userId] of chunk) batch.userDeliveries.delete(userId);
    });
  }

  private async writeBlocks(batch: Pending): Promise<void> {
    while (batch.blocks.length > 0) {
      const event = batch.blocks[0]!;
      const before = await this.models.User.findOneAndUpdate(
        { _id: cloneUserKey(event.userId) },
        { $set: { blockedAt: event.blocked ? event.at : null } },
        { returnDocument: 'before' },
      ).lean();
      if (before) {
        const was = before.blockedAt !== null && before.blockedAt !== undefined;
        if (was !== event.blocked) this.add(batch, counterKeys.totals, 'blocked', event.blocked ? 1 : -1);
      }
      batch.blocks.shift();
    }
  }

  private async writeCounters(batch: Pending): Promise<void> {
    await inBulkChunks([...batch.counters], async (chunk) => {
      await this.models.Counter.bulkWrite(
        chunk.map(([key, fields]) => ({
          updateOne: { filter: { _id: key }, update: { $inc: Object.fromEntries(fields) }, upsert: true },
        })) as never,
        { ordered: false },
      );
      for (const [key] of chunk) batch.counters.delete(key);
    });
  }

  /** Per-link counters, then the top lists from their new values (the writer keeps the lists in memory). */
  private async writeLinks(batch: Pending): Promise<void> {
    if (batch.links.size === 0) return;
    this.top ??= ((await this.models.Counter.findById(counterKeys.top).lean())?.links ?? []).slice();
    this.topFiles ??= ((await this.models.Counter.findById(TOP_FILES_KEY).lean())?.links ?? []).slice();
    let changed = false;
    let filesChanged = false;
    for (const [code, n] of [...batch.links]) {
      const doc = await this.models.Counter.findOneAndUpdate({ _id: counterKeys.link(code) }, { $inc: { deliveries: n } }, { upsert: true, returnDocument: 'after' }).lean();
      batch.links.delete(code);
      const total = doc?.deliveries ?? n;
      changed = placeInTop(this.top, code, total, TOP_LINKS_KEPT) || changed;
      if (isFileCode(code)) filesChanged = placeInTop(this.topFiles, code, total, TOP_FILES_KEPT) || filesChanged;
    }
    if (changed) await this.models.Counter.updateOne({ _id: counterKeys.top }, { $set: { links: this.top } }, { upsert: true });
    if (filesChanged) await this.models.Counter.updateOne({ _id: TOP_FILES_KEY }, { $set: { links: this.topFiles } }, { upsert: true });
  }

  /** Puts what a failed flush did not write back in front of what arrived since. */
  private requeue(batch: Pending): void {
    const later = this.pending;
    this.pending = batch;
    for (const touch of later.users.values()) this.touchUser(touch);
    for (const [id, n] of later.userDeliveries) this.pending.userDeliveries.set(id, (this.pending.userDeliveries.get(id) ?? 0) + n);
    this.pending.blocks.push(...later.blocks);
    for (const [key, fields] of later.counters) for (const [field, n] of fields) this.inc(key, field, n);
    for (const [code, n] of later.links) this.pending.links.set(code, (this.pending.links.get(code) ?? 0) + n);
    this.top = undefined;
    this.topFiles = undefined;
  }
}

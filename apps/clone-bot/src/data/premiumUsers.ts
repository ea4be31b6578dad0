import { DAY_MS, cloneUserKey, KeyedQueue, withDatabaseRetries, type PremiumUserDoc, type PremiumUserModel } from '@motherbot/core';

/**
 * Who is premium in this clone, written by a Stars payment or the owner. Extending adds days to
 * what is left, so a renewal before the end loses nothing.
 *
 * Every link of a gated clone asks "is this user premium?", and the answer is nearly always no.
 * Premium users are the few who paid, and this worker is the only writer of the collection, so
 * `load()` (once, after polling starts) reads them all into memory and from then on the question
 * costs no database read. Until it has loaded, a point read by `_id` answers, cached for a short
 * while.
 */
export class PremiumUsers {
  private readonly cache = new Map<number, { until: number; at: number }>();
  /** Every premium user's end, once `load()` has read them all; then absence means "not premium". */
  private all: Map<number, number> | undefined;
  private loading: Promise<void> | undefined;
  /** Ends written while `load()` reads, applied over what it read. */
  private readonly written = new Map<number, number>();
  /**
   * Changes of one user's premium, one at a time. Each reads the end, then writes a new one; a
   * payment (in the buyer's update queue) and an owner's grant or refund (in the owner's) would
   * otherwise both read the same end and one of the two changes would be lost.
   */
  private readonly changes = new KeyedQueue<number>();

  constructor(
    private readonly model: PremiumUserModel,
    private readonly clock: () => Date = () => new Date(),
    private readonly cacheMs = 10_000,
    private readonly cacheMax = 5_000,
  ) {}

  /**
   * Reads every premium document into memory (a full read, so it runs off the update's path).
   * Writes made while it reads are kept: they are newer than what the read saw.
   */
  load(): Promise<void> {
    this.loading ??= (async () => {
      const docs = await withDatabaseRetries(() => this.model.find({}, { until: 1 }).lean<Array<Pick<PremiumUserDoc, '_id' | 'until'>>>());
      const all = new Map<number, number>(docs.map((d) => [Number(d._id), new Date(d.until).getTime()]));
      for (const [userId, until] of this.written) all.set(userId, until);
      this.written.clear();
      this.all = all;
    })().catch((error: unknown) => {
      this.loading = undefined;
      throw error;
    });
    return this.loading;
  }

  /** When this user's premium ends, or null when they have none (or it has ended). */
  async until(userId: number): Promise<Date | null> {
    const now = this.clock().getTime();
    const cached = this.cache.get(userId);
    const until = this.all ? (this.all.get(userId) ?? 0) : cached && now - cached.at < this.cacheMs ? cached.until : await this.read(userId, now);
    return until > now ? new Date(until) : null;
  }

  async isPremium(userId: number): Promise<boolean> {
    return (await this.until(userId)) !== null;
  }

  /** Adds `days` to what is left (or starts from now); returns the new end. */
  extend(userId: number, days: number, source: PremiumUserDoc['source']): Promise<Date> {
    return this.changes.run(userId, () => this.extendNow(userId, days, source));
  }

  private async extendNow(userId: number, days: number, source: PremiumUserDoc['source']): Promise<Date> {
    const now = this.clock();
    const current = await withDatabaseRetries(() => this.model.findById(cloneUserKey(userId)).lean<PremiumUserDoc>());
    const from = current && current.until.getTime() > now.getTime() ? current.until.getTime() : now.getTime();
    const until = new Date(from + days * DAY_MS);
    await withDatabaseRetries(() => this.model.updateOne({ _id: cloneUserKey(userId) }, { $set: { until, source, updatedAt: now } }, { upsert: true }));
    this.remember(userId, until.getTime(), now.getTime());
    return until;
  }

  /** Takes `days` off what is left (a refunded purchase); returns the new end, or null when premium is over. */
  shorten(userId: number, days: number): Promise<Date | null> {
    return this.changes.run(userId, () => this.shortenNow(userId, days));
  }

  private async shortenNow(userId: number, days: number): Promise<Date | null> {
    const now = this.clock();
    const current = await withDatabaseRetries(() => this.model.findById(cloneUserKey(userId)).lean<PremiumUserDoc>());
    if (!current || current.until.getTime() <= now.getTime()) return null;
    const until = new Date(Math.max(now.getTime(), current.until.getTime() - days * DAY_MS));
    await withDatabaseRetries(() => this.model.updateOne({ _id: cloneUserKey(userId) }, { $set: { until, updatedAt: now } }));
    this.remember(userId, until.getTime(), now.getTime());
    return until.getTime() > now.getTime() ? until : null;
  }

  /** Ends this user's premium now; false when they had none. */
  revoke(userId: number): Promise<boolean> {
    return this.changes.run(userId, () => this.revokeNow(userId));
  }

  private async revokeNow(userId: number): Promise<boolean> {
    const now = this.clock();
    const had = await this.until(userId);
    await withDatabaseRetries(() => this.model.updateOne({ _id: cloneUserKey(userId) }, { $set: { until: now, source: 'owner', updatedAt: now } }));
    this.remember(userId, now.getTime(), now.getTime());
    return had !== null;
  }

  private async read(userId: number, now: number): Promise<number> {
    const doc = await withDatabaseRetries(() => this.model.findById(cloneUserKey(userId), { until: 1 }).lean<Pick<PremiumUserDoc, 'until'>>());
    const until = doc?.until.getTime() ?? 0;
    this.remember(userId, until, now);
    return until;
  }

  private remember(userId: number, until: number, at: number): void {
    if (this.all) this.all.set(userId, until);
    else if (this.loading) this.written.set(userId, until);
    if (this.cache.size >= this.cacheMax) this.cache.clear();
    this.cache.set(userId, { until, at });
  }
}

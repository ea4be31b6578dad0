import { cloneUserKey, counterKeys, withDatabaseRetries, type CloneDataModels, type CloneUserDoc, type Logger } from '@motherbot/core';
import type { StatsWriter } from './statsWriter';

/** Who sent an update, as Telegram describes them. */
export interface Sender {
  id: number;
  first_name: string;
  username?: string;
  language_code?: string;
}

const REFRESH_MS = 10 * 60_000;
const MAX_REMEMBERED = 100_000;

/**
 * The clone's users: the audience of its broadcasts and the "users" of its stats. Seeing a user
 * costs no database call on the update (the stats writer upserts them in the next flush, at most
 * once per user every ten minutes); reading one is a point read on the string key.
 */
export class Audience {
  private readonly seenAt = new Map<number, number>();

  constructor(
    private readonly models: CloneDataModels,
    private readonly stats: StatsWriter,
    private readonly logger: Logger,
  ) {}

  /** Records that a user wrote (in memory; written at the next flush). */
  seen(from: Sender, now = new Date()): void {
    const last = this.seenAt.get(from.id);
    if (last !== undefined && now.getTime() - last < REFRESH_MS) return;
    if (this.seenAt.size >= MAX_REMEMBERED) this.seenAt.clear();
    this.seenAt.set(from.id, now.getTime());
    this.stats.touchUser({ id: from.id, firstName: from.first_name, username: from.username ?? null, languageCode: from.language_code ?? null, at: now });
  }

  /** The user blocked the bot or came back (my_chat_member, or a 403 on a broadcast). */
  setBlocked(userId: number, blocked: boolean): void {
    this.seenAt.delete(userId);
    this.stats.setBlocked(userId, blocked);
  }

  /** What the clone stores about a user, with everything already seen written first. */
  async get(userId: number): Promise<CloneUserDoc | null> {
    await this.stats.flush().catch(() => undefined);
    return withDatabaseRetries(() => this.models.User.findById(cloneUserKey(userId)).lean<CloneUserDoc>());
  }

  /**
   * Deletes a user's record at once (a point delete). Clones from before the counters kept a log
   * of every delivery; that user's entries in it are deleted in the background: the delete
   * filters on `userId`, a scan on FerretDB, so it never holds up the reply.
   */
  async forget(userId: number): Promise<void> {
    this.seenAt.delete(userId);
    this.stats.forgetUser(userId);
    const removed = await withDatabaseRetries(() => this.models.User.findOneAndDelete({ _id: cloneUserKey(userId) }).lean<CloneUserDoc>());
    if (removed) {
      this.stats.inc(counterKeys.totals, 'users', -1);
      if (removed.blockedAt) this.stats.inc(counterKeys.totals, 'blocked', -1);
    }
    void withDatabaseRetries(() => this.models.Delivery.deleteMany({ userId }), { maxWaitMs: 300_000 }).then(
      (r) => this.logger.info('user data deleted on request', { deliveries: r.deletedCount }),
      (error: unknown) => this.logger.error('could not delete a forgotten user\'s delivery log', { error }),
    );
  }

  /** Every user who has not blocked the bot, except `excluding`: a scan, for broadcasts (run in the background). */
  async recipients(excluding: number): Promise<number[]> {
    await this.stats.flush().catch(() => undefined);
    const users = await this.models.User.find({}, { _id: 1, blockedAt: 1 }).lean();
    return users.filter((u) => !u.blockedAt).map((u) => Number(u._id)).filter((id) => Number.isSafeInteger(id) && id !== excluding);
  }
}

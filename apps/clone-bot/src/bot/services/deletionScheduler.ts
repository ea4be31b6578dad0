import { ignoringDuplicateKey, newObjectId, withDatabaseRetries, type Logger, type ScheduledDeletionModel } from '@motherbot/core';

/** What the scheduler does with a due job; adapters over the Telegram client. */
export interface DeletionActions {
  deleteMessages(chatId: number, messageIds: number[]): Promise<void>;
  /** Tells the user the files are gone (edits the notice); failures are ignored. */
  markNoticeDone(chatId: number, noticeMessageId: number): Promise<void>;
  /** Whether an error from deleteMessages is worth another try (429, 5xx, network). */
  isRetryable(error: unknown): boolean;
}

export interface DeletionSchedulerOptions {
  /** Least time between two passes (deliveries due within it are deleted together); also the retry delay. */
  intervalMs?: number;
  /** How long a claimed job is held before another tick may take it again (a crash mid-job). */
  claimMs?: number;
  maxAttempts?: number;
  batchSize?: number;
}

type SchedulerState = 'new' | 'running' | 'stopped';

/**
 * Deletes delivered messages when they are due. Jobs live in the clone's database
 * (`scheduled_deletions`), so a restarted worker deletes what the previous one scheduled
 * (test: "auto-delete survives a restart"). Not a TTL index: FerretDB has none.
 *
 * One timer, armed for the next due job: a clone with nothing to delete makes no query and
 * wakes no timer while it idles. The next due time comes from each pass (and at start) and from
 * {@link schedule}; this worker is the clone's only scheduler, so nothing else adds jobs.
 */
export class DeletionScheduler {
  private state: SchedulerState = 'new';
  private timer: NodeJS.Timeout | undefined;
  /** When the armed timer fires (Infinity: none armed). */
  private armedFor = Infinity;
  private lastPassAt = 0;
  /** A wake asked for while a pass runs; the pass re-arms with it. */
  private pendingWake = Infinity;
  private tickRunning: Promise<void> | undefined;
  private readonly options: Required<DeletionSchedulerOptions>;

  constructor(
    private readonly model: ScheduledDeletionModel,
    private readonly actions: DeletionActions,
    private readonly logger: Logger,
    options: DeletionSchedulerOptions = {},
  ) {
    this.options = { intervalMs: options.intervalMs ?? 5_000, claimMs: options.claimMs ?? 60_000, maxAttempts: options.maxAttempts ?? 5, batchSize: options.batchSize ?? 50 };
  }

  async schedule(job: { chatId: number; messageIds: number[]; noticeMessageId: number | null; dueAt: Date }): Promise<void> {
    // One chosen _id: a retried insert whose first attempt landed is a duplicate key, not a second job.
    const doc = { _id: newObjectId(), ...job, claimedUntil: null, attempts: 0, createdAt: new Date() };
    await ignoringDuplicateKey(withDatabaseRetries(() => this.model.collection.insertOne(doc)));
    this.wakeAt(job.dueAt.getTime());
  }

  /** Starts: one pass at once (what a previous worker left), then a timer per due time. */
  start(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    this.wakeAt(Date.now());
  }

  /** When the next pass is armed for (Infinity when nothing is scheduled); for tests. */
  get nextPassAt(): number {
    return this.armedFor;
  }

  /** Stops the loop and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.tickRunning;
  }

  /** One pass: deletes the due jobs (up to `batchSize`); says how many, and when the next one is due (Infinity when none). */
  private async pass(): Promise<{ done: number; nextDueAt: number }> {
    const now = Date.now();
    // Earliest first, due or not: the first job not yet due tells when to come back.
    const jobs = await this.model.find({}).sort({ dueAt: 1 }).limit(this.options.batchSize).lean();
    const dueAt = (job: (typeof jobs)[number]): number => Math.max(job.dueAt.getTime(), job.claimedUntil?.getTime() ?? 0);
    let nextDueAt = jobs.length === this.options.batchSize ? now : Infinity; // more beyond this page
    let done = 0;
    for (const job of jobs) {
      if (this.state === 'stopped') break;
      if (dueAt(job) > now) {
        nextDueAt = Math.min(nextDueAt, dueAt(job));
        continue;
      }
      const claimed = await this.model.updateOne(
        { _id: job._id, claimedUntil: job.claimedUntil, attempts: job.attempts },
        { $set: { claimedUntil: new Date(Date.now() + this.options.claimMs) }, $inc: { attempts: 1 } },
      );
      if (claimed.modifiedCount !== 1) continue;
      try {
        await this.actions.deleteMessages(job.chatId, job.messageIds);
      } catch (error) {
        if (this.actions.isRetryable(error) && job.attempts + 1 < this.options.maxAttempts) {
          const retryAt = Date.now() + this.options.intervalMs;
          await this.model.updateOne({ _id: job._id }, { $set: { claimedUntil: new Date(retryAt) } });
          nextDueAt = Math.min(nextDueAt, retryAt);
          continue;
        }
        // 400 (already gone) or 403 (blocked): nothing left to delete.
        this.logger.debug('scheduled deletion gave up', { chatId: job.chatId, error });
      }
      if (job.noticeMessageId !== null) await this.actions.markNoticeDone(job.chatId, job.noticeMessageId).catch(() => undefined);
      await this.model.deleteOne({ _id: job._id });
      done += 1;
    }
    return { done, nextDueAt };
  }

  /** Arms the timer for `at` unless it is armed for earlier already (or a pass runs, which re-arms). */
  private wakeAt(at: number): void {
    if (this.state !== 'running') return;
    if (this.tickRunning) {
      this.pendingWake = Math.min(this.pendingWake, at);
      return;
    }
    // Passes at least intervalMs apart: a burst of deliveries is deleted in one pass.
    const when = Math.max(at, this.lastPassAt + this.options.intervalMs);
    if (when >= this.armedFor) return;
    clearTimeout(this.timer);
    this.armedFor = when;
    // setTimeout holds at most ~24.8 days; a job further out is re-checked then.
    this.timer = setTimeout(() => this.runPass(), Math.min(Math.max(0, when - Date.now()), 2 ** 31 - 1));
    this.timer.unref();
  }

  private runPass(): void {
    this.armedFor = Infinity;
    this.timer = undefined;
    this.lastPassAt = Date.now();
    this.tickRunning = this.pass()
      .then(({ nextDueAt }) => nextDueAt)
      .catch((error: unknown) => {
        this.logger.warn('scheduled deletions failed', { error });
        return Date.now() + this.options.intervalMs; // the database may be back by then
      })
      .then((nextDueAt) => {
        this.tickRunning = undefined;
        const wake = Math.min(nextDueAt, this.pendingWake);
        this.pendingWake = Infinity;
        if (Number.isFinite(wake)) this.wakeAt(wake);
      });
  }
}

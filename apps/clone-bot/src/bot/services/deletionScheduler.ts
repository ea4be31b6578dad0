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
 * (test: "auto-delete survives a restart"). A loop, not a TTL index: FerretDB has none.
 */
export class DeletionScheduler {
  private state: SchedulerState = 'new';
  private timer: NodeJS.Timeout | undefined;
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
  }

  start(): void {
    if (this.state !== 'new') return;
    this.state = 'running';
    this.arm(0);
  }

  /** Stops the loop and waits for a tick in progress. */
  async stop(): Promise<void> {
    this.state = 'stopped';
    clearTimeout(this.timer);
    await this.tickRunning;
  }

  /** One pass over the due jobs; exported for tests and for the loop. */
  async tick(): Promise<number> {
    const now = new Date();
    const due = await this.model
      .find({ dueAt: { $lte: now }, $or: [{ claimedUntil: null }, { claimedUntil: { $lte: now } }] })
      .sort({ dueAt: 1 })
      .limit(this.options.batchSize)
      .lean();
    let done = 0;
    for (const job of due) {
      if (this.state === 'stopped') break;
      const claimed = await this.model.updateOne(
        { _id: job._id, claimedUntil: job.claimedUntil, attempts: job.attempts },
        { $set: { claimedUntil: new Date(Date.now() + this.options.claimMs) }, $inc: { attempts: 1 } },
      );
      if (claimed.modifiedCount !== 1) continue;
      try {
        await this.actions.deleteMessages(job.chatId, job.messageIds);
      } catch (error) {
        if (this.actions.isRetryable(error) && job.attempts + 1 < this.options.maxAttempts) {
          await this.model.updateOne({ _id: job._id }, { $set: { claimedUntil: new Date(Date.now() + this.options.intervalMs) } });
          continue;
        }
        // 400 (already gone) or 403 (blocked): nothing left to delete.
        this.logger.debug('scheduled deletion gave up', { chatId: job.chatId, error });
      }
      if (job.noticeMessageId !== null) await this.actions.markNoticeDone(job.chatId, job.noticeMessageId).catch(() => undefined);
      await this.model.deleteOne({ _id: job._id });
      done += 1;
    }
    return done;
  }

  private arm(delayMs: number): void {
    if (this.state !== 'running') return;
    this.timer = setTimeout(() => {
      this.tickRunning = this.tick()
        .then(() => undefined)
        .catch((error: unknown) => void this.logger.warn('scheduled deletions failed', { error }))
        .finally(() => {
          this.tickRunning = undefined;
          this.arm(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}

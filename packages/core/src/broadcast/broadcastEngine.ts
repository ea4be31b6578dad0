import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Connection, mongo } from 'mongoose';
import { AppError, StateError } from '../errors';
import { broadcastModels, recipientId, type BroadcastModel, type BroadcastRecipientDoc, type BroadcastRecipientModel } from './broadcastModels';
import { BroadcastRunner, toProgress, type RunnerContext } from './broadcastRunner';
import { SendRateLimiter } from './rateLimiter';
import {
  systemClock,
  type BroadcastClock,
  type BroadcastMessage,
  type BroadcastProgress,
  type BroadcastStatus,
  type SendRecipient,
} from './types';

export interface BroadcastEngineOptions {
  /** The bot's own database connection (the mother's, or the clone's). */
  db: Connection;
  /** Sends the message to one chat; may throw a Telegram-shaped error instead of returning. */
  send: SendRecipient;
  /** Messages per second for this bot (default 25; Telegram allows about 30). */
  ratePerSecond?: number;
  /** Sends in flight at once, so a slow round trip does not lower the rate (default 8). */
  concurrency?: number;
  /** Recipients claimed per window (default 50). A crash leaves at most this many `unknown`. */
  batchSize?: number;
  /** Retries of a transient error before the recipient is marked failed (default 3). */
  maxTransientRetries?: number;
  /** First back-off after a transient error, doubled each time (default 1000 ms). */
  backoffMs?: number;
  /** How long a runner's claim on a broadcast holds without renewal (default 60 s). */
  leaseMs?: number;
  /** How often to look for running broadcasts nobody runs (after a crash elsewhere); 0 = never. */
  resumeIntervalMs?: number;
  clock?: BroadcastClock;
}

/** Per-recipient outcome as emitted; `blocked` is the caller's cue to mark the user blocked. */
export interface RecipientEvent {
  broadcastId: string;
  chatId: number;
  status: 'sent' | 'blocked' | 'failed';
  description?: string;
}

export interface BroadcastEngineEvents {
  progress: [BroadcastProgress];
  recipient: [RecipientEvent];
  rateLimited: [{ broadcastId: string; chatId: number; seconds: number }];
  /** A runner hit an error it could not handle (the database went away); it stops, state stays. */
  error: [{ broadcastId: string; error: unknown }];
}

/** A broadcast id that does not exist in this bot's database. */
export class BroadcastNotFoundError extends AppError {
  constructor(readonly broadcastId: string) {
    super('BROADCAST_NOT_FOUND', `broadcast ${broadcastId} does not exist`, { broadcastId });
  }
}

type EngineState = 'new' | 'started' | 'stopped';

/**
 * Sends one message to many chats for one bot, paced, resumable, at most once per chat.
 *
 * State lives in the bot's database (`broadcasts`, `broadcast_recipients`), so a new engine
 * after a restart continues any broadcast left `running`. One engine per bot per process: it
 * owns the bot's rate limiter, and it is the only writer of its broadcasts' documents. That
 * last point matters on FerretDB 1.x, which applies a filtered update as read-then-replace:
 * two concurrent writers to one document can lose an update, so every write to a broadcast
 * document goes through {@link BroadcastEngine.serialize}. See docs/broadcast.md.
 */
export class BroadcastEngine extends EventEmitter<BroadcastEngineEvents> {
  /** Identifies this instance in a broadcast's `runner` claim. */
  readonly instanceId = randomBytes(6).toString('hex');
  private readonly Broadcast: BroadcastModel;
  private readonly Recipient: BroadcastRecipientModel;
  private readonly clock: BroadcastClock;
  private readonly limiter: SendRateLimiter;
  private readonly runners = new Map<string, BroadcastRunner>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly options: Required<Omit<BroadcastEngineOptions, 'db' | 'send' | 'clock'>>;
  private state: EngineState = 'new';
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: BroadcastEngineOptions) {
    super();
    ({ Broadcast: this.Broadcast, Recipient: this.Recipient } = broadcastModels(config.db));
    this.clock = config.clock ?? systemClock;
    this.options = {
      ratePerSecond: config.ratePerSecond ?? 25,
      concurrency: config.concurrency ?? 8,
      batchSize: config.batchSize ?? 50,
      maxTransientRetries: config.maxTransientRetries ?? 3,
      backoffMs: config.backoffMs ?? 1000,
      leaseMs: config.leaseMs ?? 60_000,
      resumeIntervalMs: config.resumeIntervalMs ?? 30_000,
    };
    this.limiter = new SendRateLimiter({ ratePerSecond: this.options.ratePerSecond, clock: this.clock });
  }

  /** Creates the collections' indexes (autoIndex is off); safe at every start. */
  async ensureIndexes(): Promise<void> {
    await this.Broadcast.createIndexes();
    await this.Recipient.createIndexes();
  }

  /** Starts the engine: resumes every broadcast left running, then keeps looking for orphans. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new StateError('new', this.state, 'BroadcastEngine.start');
    this.state = 'started';
    await this.resumeRunning();
    if (this.options.resumeIntervalMs > 0) {
      this.resumeTimer = setInterval(() => void this.resumeRunning().catch(() => undefined), this.options.resumeIntervalMs);
      this.resumeTimer.unref();
    }
  }

  /**
   * Stops every runner of this engine: no new sends, sends in flight are awaited up to
   * `timeoutMs` (default 10 s), results written, claims released. The broadcasts stay
   * `running` in the database, so the next engine continues them. Sends still in flight after
   * the timeout are abandoned: their recipients stay `sending` and are counted `unknown` later.
   */
  async stop(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    clearInterval(this.resumeTimer);
    const runners = [...this.runners.values()];
    await Promise.all(runners.map((runner) => runner.halt('stop', options.timeoutMs ?? 10_000)));
    await Promise.all([...this.writes.values()].map((write) => write.catch(() => undefined)));
  }

  /** Creates a broadcast in `draft`; add recipients, then {@link startBroadcast}. */
  async createBroadcast(input: { message: BroadcastMessage; createdBy: number; recipients?: Iterable<number> }): Promise<string> {
    const id = randomBytes(8).toString('hex');
    await this.Broadcast.create({ _id: id, status: 'draft', message: input.message, createdBy: input.createdBy });
    if (input.recipients) await this.addRecipients(id, input.recipients);
    return id;
  }

  /**
   * Adds chats to a draft, paused or running broadcast, in batches; a chat already in it is
   * skipped (unique `(broadcastId, chatId)`), so re-adding after an interruption is harmless.
   */
  async addRecipients(broadcastId: string, chatIds: Iterable<number>, batchSize = 1000): Promise<{ added: number; duplicates: number }> {
    const doc = await this.requireBroadcast(broadcastId);
    if (doc.status === 'completed' || doc.status === 'cancelled') {
      throw new StateError('draft, running or paused', doc.status, `addRecipients(${broadcastId})`);
    }
    let added = 0;
    let duplicates = 0;
    let batch: number[] = [];
    const flush = async (): Promise<void> => {
      const result = await this.insertRecipients(broadcastId, batch);
      added += result.added;
      duplicates += result.duplicates;
      batch = [];
    };
    for (const chatId of chatIds) {
      batch.push(chatId);
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    if (added > 0) {
      const runner = this.runners.get(broadcastId);
      if (runner) runner.counters.total += added;
      await this.serialize(broadcastId, () => this.Broadcast.updateOne({ _id: broadcastId }, { $inc: { 'counters.total': added } }));
    }
    return { added, duplicates };
  }

  /** Moves a draft to `running` and starts sending. */
  async startBroadcast(broadcastId: string): Promise<void> {
    this.requireStarted('startBroadcast');
    await this.transition(broadcastId, ['draft'], 'running', { startedAt: new Date(this.clock.now()), reason: null });
    this.launch(broadcastId);
  }

  /** Pauses a running broadcast: sends in flight finish, the rest waits for {@link resume}. */
  async pause(broadcastId: string, reason = 'paused'): Promise<void> {
    await this.transition(broadcastId, ['running'], 'paused', { reason });
    await this.runners.get(broadcastId)?.halt('pause');
  }

  /** Resumes a paused broadcast where it stopped. */
  async resume(broadcastId: string): Promise<void> {
    this.requireStarted('resume');
    await this.transition(broadcastId, ['paused'], 'running', { reason: null });
    this.launch(broadcastId);
  }

  /** Cancels a broadcast for good; recipients not yet sent to stay `pending` and are never sent. */
  async cancel(broadcastId: string): Promise<void> {
    await this.transition(broadcastId, ['draft', 'running', 'paused'], 'cancelled', { finishedAt: new Date(this.clock.now()) });
    await this.runners.get(broadcastId)?.halt('cancel');
  }

  /** Progress of a broadcast: live when this engine runs it, else the last saved snapshot. */
  async progress(broadcastId: string): Promise<BroadcastProgress> {
    const runner = this.runners.get(broadcastId);
    if (runner) return runner.progress();
    const doc = await this.requireBroadcast(broadcastId);
    return toProgress(broadcastId, doc.status, doc.counters, 0, doc.reason);
  }

  /** Resolves when this engine has no runner for the broadcast (finished, paused, cancelled, stopped). */
  async whenIdle(broadcastId: string): Promise<void> {
    await this.runners.get(broadcastId)?.done;
  }

  /**
   * Starts a runner for every `running` broadcast that no live engine holds: this engine's own
   * after a restart, or another process's whose claim expired (it crashed).
   */
  async resumeRunning(): Promise<void> {
    if (this.state !== 'started') return;
    const running = await this.Broadcast.find({ status: 'running' }, { _id: 1, runner: 1 }).lean();
    const now = this.clock.now();
    for (const doc of running) {
      const free = !doc.runner || doc.runner.until <= now || doc.runner.id === this.instanceId;
      if (free) this.launch(doc._id);
    }
  }

  /**
   * Runs `write` after every earlier write to the same broadcast document from this engine.
   * Internal; exists because FerretDB 1.x loses one of two concurrent updates to a document.
   */
  serialize<T>(broadcastId: string, write: () => Promise<T>): Promise<T> {
    const previous = this.writes.get(broadcastId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    const tail = next.catch(() => undefined);
    this.writes.set(broadcastId, tail);
    void tail.then(() => {
      if (this.writes.get(broadcastId) === tail) this.writes.delete(broadcastId);
    });
    return next;
  }

  private launch(broadcastId: string): void {
    if (this.state !== 'started' || this.runners.has(broadcastId)) return;
    const context: RunnerContext = {
      broadcastId,
      instanceId: this.instanceId,
      Broadcast: this.Broadcast,
      Recipient: this.Recipient,
      send: this.config.send,
      clock: this.clock,
      limiter: this.limiter,
      options: this.options,
      serialize: (write) => this.serialize(broadcastId, write),
      emit: (event, ...payload) => {
        // An 'error' event without a listener would throw; the runner's failure is already contained.
        if (event === 'error' && this.listenerCount('error') === 0) return;
        (this.emit as (e: string, ...p: unknown[]) => boolean)(event, ...payload);
      },
    };
    const runner = new BroadcastRunner(context);
    this.runners.set(broadcastId, runner);
    void runner.done.finally(() => {
      if (this.runners.get(broadcastId) === runner) this.runners.delete(broadcastId);
    });
  }

  private async transition(
    broadcastId: string,
    from: BroadcastStatus[],
    to: BroadcastStatus,
    set: Record<string, unknown>,
  ): Promise<void> {
    const updated = await this.serialize(broadcastId, () =>
      this.Broadcast.findOneAndUpdate({ _id: broadcastId, status: { $in: from } }, { $set: { status: to, ...set } }, { returnDocument: 'after' }).lean(),
    );
    if (updated) return;
    const doc = await this.requireBroadcast(broadcastId);
    throw new StateError(from.join(' or '), doc.status, `broadcast ${broadcastId} → ${to}`);
  }

  private async insertRecipients(broadcastId: string, chatIds: number[]): Promise<{ added: number; duplicates: number }> {
    const unique = [...new Set(chatIds)];
    const docs: BroadcastRecipientDoc[] = unique.map((chatId) => ({
      _id: recipientId(broadcastId, chatId),
      broadcastId,
      chatId,
      status: 'pending' as const,
      claim: null,
      reason: null,
      doneAt: null,
    }));
    try {
      // The driver directly: no per-document validation for 100k recipients, and `ordered: false`
      // inserts every new chat even when some are already there.
      const collection = this.Recipient.collection as unknown as mongo.Collection<BroadcastRecipientDoc>;
      const result = await collection.insertMany(docs, { ordered: false });
      return { added: result.insertedCount, duplicates: chatIds.length - result.insertedCount };
    } catch (error) {
      const bulk = error as { code?: number; writeErrors?: Array<{ code?: number }> | { code?: number }; result?: { insertedCount?: number } };
      const writeErrors = Array.isArray(bulk.writeErrors) ? bulk.writeErrors : bulk.writeErrors ? [bulk.writeErrors] : [];
      const onlyDuplicates = writeErrors.length > 0 ? writeErrors.every((e) => e.code === 11000) : bulk.code === 11000;
      if (!onlyDuplicates) throw error;
      const added = bulk.result?.insertedCount ?? docs.length - writeErrors.length;
      return { added, duplicates: chatIds.length - added };
    }
  }

  private async requireBroadcast(broadcastId: string) {
    const doc = await this.Broadcast.findById(broadcastId).lean();
    if (!doc) throw new BroadcastNotFoundError(broadcastId);
    return doc;
  }

  private requireStarted(what: string): void {
    if (this.state !== 'started') throw new StateError('started', this.state, `BroadcastEngine.${what}`);
  }
}

import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { AppError, StateError } from '../errors';
import { broadcastModels, emptyCursor, type BroadcastDoc, type BroadcastModels } from './broadcastModels';
import { BroadcastRunner, toProgress, type RunnerContext } from './broadcastRunner';
import { upgradeLegacyBroadcast } from './legacyRecipients';
import { appendChunks, RecipientList } from './recipientList';
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
  /** Sends in flight at once (default: the whole window, so its sends start together). */
  concurrency?: number;
  /**
   * Recipients per window (default: about a third of a second's worth, 10 at 30/s). One database
   * write per window; a crash leaves at most this many `unknown`, and only sends that started.
   */
  batchSize?: number;
  /** Retries of a transient error before the recipient is marked failed (default 3). */
  maxTransientRetries?: number;
  /** First back-off after a transient error, doubled each time (default 1000 ms). */
  backoffMs?: number;
  /** How long a runner's claim on a broadcast holds without renewal (default 60 s). */
  leaseMs?: number;
  /** How often to look for running broadcasts nobody runs (after a crash elsewhere); 0 = never. */
  resumeIntervalMs?: number;
  /**
   * This engine is the only process that runs the bot's broadcasts (a clone's one worker, the
   * mother that holds the clone-manager lease): a claim found at start belongs to a process that
   * died, so it is taken over at once instead of after `leaseMs`.
   */
  soleRunner?: boolean;
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
 * About a third of a second's worth of sends, and a divisor of the rate so that whole windows
 * fill each second (10 at 30/s, 5 at 25/s): a crash leaves few in doubt, and one write per
 * window is three writes a second.
 */
function defaultWindow(ratePerSecond: number): number {
  const rate = Math.max(1, Math.floor(ratePerSecond));
  for (let n = Math.ceil(rate / 3); n > 1; n -= 1) if (rate % n === 0) return n;
  return 1;
}

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
  private readonly models: BroadcastModels;
  private readonly clock: BroadcastClock;
  private readonly limiter: SendRateLimiter;
  private readonly runners = new Map<string, BroadcastRunner>();
  private readonly writes = new Map<string, Promise<unknown>>();
  private readonly options: Required<Omit<BroadcastEngineOptions, 'db' | 'send' | 'clock' | 'soleRunner'>>;
  /** Claims older than this engine's start belong to dead processes (soleRunner only). */
  private takeOverClaims = false;
  private state: EngineState = 'new';
  private resumeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly config: BroadcastEngineOptions) {
    super();
    this.models = broadcastModels(config.db);
    this.clock = config.clock ?? systemClock;
    const ratePerSecond = config.ratePerSecond ?? 25;
    // A window's sends start together: more than a second's worth would break the rate.
    const batchSize = Math.max(1, Math.min(config.batchSize ?? defaultWindow(ratePerSecond), Math.floor(ratePerSecond)));
    this.options = {
      ratePerSecond,
      concurrency: config.concurrency ?? batchSize,
      batchSize,
      maxTransientRetries: config.maxTransientRetries ?? 3,
      backoffMs: config.backoffMs ?? 1000,
      leaseMs: config.leaseMs ?? 60_000,
      resumeIntervalMs: config.resumeIntervalMs ?? 30_000,
    };
    this.limiter = new SendRateLimiter({ ratePerSecond: this.options.ratePerSecond, clock: this.clock });
  }

  /** Creates the collections' indexes (autoIndex is off); safe at every start. */
  async ensureIndexes(): Promise<void> {
    await this.models.Broadcast.createIndexes();
    await this.models.Outcome.createIndexes();
  }

  /** Starts the engine: resumes every broadcast left running, then keeps looking for orphans. */
  async start(): Promise<void> {
    if (this.state !== 'new') throw new StateError('new', this.state, 'BroadcastEngine.start');
    this.state = 'started';
    this.takeOverClaims = this.config.soleRunner === true;
    await this.resumeRunning();
    this.takeOverClaims = false;
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
    await this.models.Broadcast.create({ _id: id, status: 'draft', message: input.message, createdBy: input.createdBy, chunkLengths: [], cursor: emptyCursor() });
    if (input.recipients) await this.addRecipients(id, input.recipients);
    return id;
  }

  /**
   * Adds chats to a draft, paused or running broadcast; a chat already in it is skipped, so
   * re-adding after an interruption is harmless. Recipients are stored as chunks of 1,000 chat
   * ids (point reads for the runner); de-duplication reads the broadcast's existing chunks.
   */
  async addRecipients(broadcastId: string, chatIds: Iterable<number>): Promise<{ added: number; duplicates: number }> {
    return this.serialize(`${broadcastId}:recipients`, async () => {
      const doc = await this.upgrade(await this.requireBroadcast(broadcastId));
      if (doc.status === 'completed' || doc.status === 'cancelled') {
        throw new StateError('draft, running or paused', doc.status, `addRecipients(${broadcastId})`);
      }
      const lengths = doc.chunkLengths ?? [];
      const seen = lengths.length > 0 ? await new RecipientList(this.models.Chunk, broadcastId, lengths).all() : new Set<number>();
      let offered = 0;
      const fresh: number[] = [];
      for (const chatId of chatIds) {
        offered += 1;
        if (seen.has(chatId)) continue;
        seen.add(chatId);
        fresh.push(chatId);
      }
      if (fresh.length > 0) {
        const chunkLengths = await appendChunks(this.models.Chunk, broadcastId, lengths, fresh);
        this.runners.get(broadcastId)?.addedRecipients(chunkLengths, fresh.length);
        await this.serialize(broadcastId, () =>
          this.models.Broadcast.updateOne({ _id: broadcastId }, { $set: { chunkLengths }, $inc: { 'counters.total': fresh.length } }),
        );
      }
      return { added: fresh.length, duplicates: offered - fresh.length };
    });
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
    const running = await this.models.Broadcast.find({ status: 'running' }, { _id: 1, runner: 1 }).lean();
    const now = this.clock.now();
    for (const doc of running) {
      const free = !doc.runner || doc.runner.until <= now || doc.runner.id === this.instanceId || this.takeOverClaims;
      if (free) this.launch(doc._id, this.takeOverClaims);
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

  private launch(broadcastId: string, takeOver = false): void {
    if (this.state !== 'started' || this.runners.has(broadcastId)) return;
    const context: RunnerContext = {
      broadcastId,
      instanceId: this.instanceId,
      takeOver,
      models: this.models,
      upgrade: async () => {
        const doc = await this.models.Broadcast.findById(broadcastId).lean();
        if (doc) await this.upgrade(doc);
      },
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
      this.models.Broadcast.findOneAndUpdate({ _id: broadcastId, status: { $in: from } }, { $set: { status: to, ...set } }, { returnDocument: 'after' }).lean(),
    );
    if (updated) return;
    const doc = await this.requireBroadcast(broadcastId);
    throw new StateError(from.join(' or '), doc.status, `broadcast ${broadcastId} → ${to}`);
  }

  /** A broadcast of the first engine, carried over to chunks once (legacyRecipients.ts). */
  private upgrade(doc: BroadcastDoc): Promise<BroadcastDoc> {
    return upgradeLegacyBroadcast(this.config.db, this.models, doc);
  }

  private async requireBroadcast(broadcastId: string) {
    const doc = await this.models.Broadcast.findById(broadcastId).lean();
    if (!doc) throw new BroadcastNotFoundError(broadcastId);
    return doc;
  }

  private requireStarted(what: string): void {
    if (this.state !== 'started') throw new StateError('started', this.state, `BroadcastEngine.${what}`);
  }
}

import { randomBytes } from 'node:crypto';
import { classifyTelegramError } from './classifyTelegramError';
import type { BroadcastModel, BroadcastRecipientModel } from './broadcastModels';
import type { SendRateLimiter } from './rateLimiter';
import type {
  BroadcastClock,
  BroadcastCounters,
  BroadcastMessage,
  BroadcastProgress,
  BroadcastStatus,
  RecipientStatus,
  SendOutcome,
  SendRecipient,
} from './types';
import type { BroadcastEngineEvents } from './broadcastEngine';

/** What the engine gives a runner. Internal. */
export interface RunnerContext {
  broadcastId: string;
  instanceId: string;
  Broadcast: BroadcastModel;
  Recipient: BroadcastRecipientModel;
  send: SendRecipient;
  clock: BroadcastClock;
  limiter: SendRateLimiter;
  options: { concurrency: number; batchSize: number; maxTransientRetries: number; backoffMs: number; leaseMs: number };
  serialize: <T>(write: () => Promise<T>) => Promise<T>;
  emit: <E extends keyof BroadcastEngineEvents>(event: E, ...payload: BroadcastEngineEvents[E]) => void;
}

type HaltReason = 'pause' | 'cancel' | 'stop' | 'fatal' | 'lost';

/** Where one claimed recipient ended up in this window. */
interface Slot {
  id: string;
  chatId: number;
  final?: { status: RecipientStatus; reason: string | null };
  /** A send was attempted that may have reached the chat (a transient error is ambiguous). */
  mayHaveReached: boolean;
}

export const INTERRUPTED_REASON = 'interrupted while sending; not retried (at most once)';

/**
 * Runs one broadcast in this process, window by window: claim up to `batchSize` pending
 * recipients (`pending → sending`, written before any of them is sent), send them through the
 * bot's limiter with `concurrency` sends in flight, then write their results in one update per
 * outcome. Internal to the engine; see docs/broadcast.md for why it is built this way.
 */
export class BroadcastRunner {
  readonly done: Promise<void>;
  readonly counters: BroadcastCounters = { total: 0, sent: 0, blocked: 0, failed: 0, unknown: 0 };
  private haltReason: HaltReason | null = null;
  private reason: string | null = null;
  private abandoned = false;
  private readonly abort = new AbortController();
  private readonly sentAt: number[] = [];
  private startedAt = 0;
  private status: BroadcastStatus = 'running';

  constructor(private readonly ctx: RunnerContext) {
    this.done = this.run().catch((error: unknown) => {
      ctx.emit('error', { broadcastId: ctx.broadcastId, error });
    });
  }

  /**
   * Asks the runner to stop after the sends in flight; waits up to `timeoutMs` (wall clock,
   * since it bounds a process shutdown), then abandons it: nothing more is written by it.
   */
  async halt(reason: HaltReason, timeoutMs = Infinity): Promise<void> {
    this.haltReason ??= reason;
    if (reason === 'pause') this.status = 'paused';
    if (reason === 'cancel') this.status = 'cancelled';
    this.abort.abort();
    if (timeoutMs === Infinity) return this.done;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        this.abandoned = true;
        resolve();
      }, timeoutMs);
    });
    await Promise.race([this.done, timedOut]);
    clearTimeout(timer);
  }

  progress(): BroadcastProgress {
    const now = this.ctx.clock.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 10_000) this.sentAt.shift();
    const seconds = Math.min(10, Math.max(1, (now - this.startedAt) / 1000));
    return toProgress(this.ctx.broadcastId, this.status, this.counters, this.sentAt.length / seconds, this.reason);
  }

  private async run(): Promise<void> {
    const { Broadcast, broadcastId, clock } = this.ctx;
    this.startedAt = clock.now();
    const claimed = await this.ctx.serialize(() =>
      Broadcast.findOneAndUpdate(
        {
          _id: broadcastId,
          status: 'running',
          $or: [{ runner: null }, { 'runner.until': { $lte: clock.now() } }, { 'runner.id': this.ctx.instanceId }],
        },
        { $set: { runner: { id: this.ctx.instanceId, until: clock.now() + this.ctx.options.leaseMs } } },
        { returnDocument: 'after' },
      ).lean(),
    );
    if (!claimed) return; // someone else runs it, or it is no longer running
    const message = claimed.message;
    await this.recoverInterrupted();
    await this.recount();
    this.ctx.emit('progress', this.progress());

    while (this.haltReason === null) {
      const slots = await this.claimWindow();
      if (slots.length === 0) return this.finish();
      await this.sendWindow(slots, message);
      if (this.abandoned) return;
      await this.writeResults(slots);
      if (this.haltReason === null && !(await this.heartbeat(0))) this.haltReason = 'lost';
      this.ctx.emit('progress', this.progress());
    }
    if (this.abandoned) return;
    await this.release();
    this.ctx.emit('progress', this.progress());
  }

  /**
   * A recipient still `sending` when a runner starts was claimed by a process that died (we
   * hold the claim on the broadcast, so nobody else is sending). It may or may not have got
   * the message; we never send twice, so it becomes `unknown`. Guarded by "resumes after a crash".
   */
  private async recoverInterrupted(): Promise<void> {
    await this.ctx.Recipient.updateMany(
      { broadcastId: this.ctx.broadcastId, status: 'sending' },
      { $set: { status: 'unknown', claim: null, reason: INTERRUPTED_REASON, doneAt: new Date(this.ctx.clock.now()) } },
    );
  }

  /** Counters from the recipients themselves: the broadcast document is only a snapshot. */
  private async recount(): Promise<void> {
    const groups = await this.ctx.Recipient.aggregate<{ _id: RecipientStatus; n: number }>([
      { $match: { broadcastId: this.ctx.broadcastId } },
      { $group: { _id: '$status', n: { $sum: 1 } } },
    ]);
    const counters = this.counters;
    counters.total = counters.sent = counters.blocked = counters.failed = counters.unknown = 0;
    for (const { _id: status, n } of groups) {
      counters.total += n;
      if (status === 'sent' || status === 'blocked' || status === 'failed' || status === 'unknown') counters[status] += n;
    }
  }

  /** Claims the next window: written `sending` before anything is sent to it. */
  private async claimWindow(): Promise<Slot[]> {
    const { Recipient, broadcastId, options } = this.ctx;
    const page = await Recipient.find({ broadcastId, status: 'pending' }, { _id: 1, chatId: 1 })
      .sort({ _id: 1 })
      .limit(options.batchSize)
      .lean();
    if (page.length === 0 || this.haltReason !== null) return [];
    const claim = randomBytes(6).toString('hex');
    const ids = page.map((r) => r._id);
    const result = await Recipient.updateMany({ _id: { $in: ids }, status: 'pending' }, { $set: { status: 'sending', claim } });
    // On MongoDB the status guard is atomic per document: keep only what this claim won.
    const won = result.modifiedCount === ids.length ? page : await Recipient.find({ _id: { $in: ids }, claim }, { _id: 1, chatId: 1 }).lean();
    return won.map((r) => ({ id: r._id, chatId: r.chatId, mayHaveReached: false }));
  }

  /** Sends to every slot of the window, `concurrency` at a time, until done or halted. */
  private async sendWindow(slots: Slot[], message: BroadcastMessage): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (this.haltReason === null && next < slots.length) {
        const slot = slots[next++];
        if (slot) await this.deliver(slot, message);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.ctx.options.concurrency, slots.length) }, worker));
  }

  /** One recipient until it has a final outcome or the runner halts. */
  private async deliver(slot: Slot, message: BroadcastMessage): Promise<void> {
    const { clock, limiter, options, broadcastId } = this.ctx;
    let transientFailures = 0;
    while (this.haltReason === null) {
      if (!(await limiter.acquire(slot.chatId, this.abort.signal))) return;
      const outcome = await this.attempt(slot.chatId, message);
      this.sentAt.push(clock.now());
      if (outcome.ok) return this.settle(slot, 'sent', null);
      switch (outcome.kind) {
        case 'blocked':
          return this.settle(slot, 'blocked', outcome.description);
        case 'failed':
          return this.settle(slot, 'failed', outcome.description);
        case 'fatal':
          // Not delivered (the bot cannot send): the recipient goes back to pending.
          return this.haltFatal(outcome.description);
        case 'retry_after':
          // The whole bot waits, then this same recipient is retried: no skipping.
          limiter.pauseFor(outcome.seconds * 1000);
          this.ctx.emit('rateLimited', { broadcastId, chatId: slot.chatId, seconds: outcome.seconds });
          await this.heartbeat(outcome.seconds * 1000);
          continue;
        case 'transient':
          slot.mayHaveReached = true;
          transientFailures += 1;
          if (transientFailures > options.maxTransientRetries) return this.settle(slot, 'failed', outcome.description);
          await clock.sleep(options.backoffMs * 2 ** (transientFailures - 1), this.abort.signal);
          continue;
      }
    }
  }

  private async attempt(chatId: number, message: BroadcastMessage): Promise<SendOutcome> {
    try {
      return await this.ctx.send(chatId, { id: this.ctx.broadcastId, message });
    } catch (error) {
      return classifyTelegramError(error);
    }
  }

  private settle(slot: Slot, status: 'sent' | 'blocked' | 'failed', reason: string | null): void {
    slot.final = { status, reason };
    this.counters[status] += 1;
    this.ctx.emit('recipient', { broadcastId: this.ctx.broadcastId, chatId: slot.chatId, status, ...(reason ? { description: reason } : {}) });
  }

  private haltFatal(description: string): void {
    this.haltReason ??= 'fatal';
    this.reason = description;
    this.status = 'paused';
    this.abort.abort();
  }

  /**
   * Writes the window's results, one update per (status, reason). Recipients never tried go
   * back to `pending`; one whose transient error may have reached the chat becomes `unknown`.
   */
  private async writeResults(slots: Slot[]): Promise<void> {
    const groups = new Map<string, { status: RecipientStatus; reason: string | null; ids: string[] }>();
    for (const slot of slots) {
      let final = slot.final;
      if (!final) {
        final = slot.mayHaveReached ? { status: 'unknown', reason: INTERRUPTED_REASON } : { status: 'pending', reason: null };
        if (final.status === 'unknown') this.counters.unknown += 1;
      }
      const key = `${final.status}\u0000${final.reason ?? ''}`;
      const group = groups.get(key) ?? { ...final, ids: [] };
      group.ids.push(slot.id);
      groups.set(key, group);
    }
    const doneAt = new Date(this.ctx.clock.now());
    for (const { status, reason, ids } of groups.values()) {
      await this.ctx.Recipient.updateMany(
        { _id: { $in: ids }, status: 'sending' },
        { $set: { status, reason, claim: null, doneAt: status === 'pending' ? null : doneAt } },
      );
    }
  }

  /** Renews the claim on the broadcast and saves the counters; false if the claim was lost. */
  private async heartbeat(extraMs: number): Promise<boolean> {
    const { Broadcast, broadcastId, instanceId, clock, options } = this.ctx;
    const result = await this.ctx.serialize(() =>
      Broadcast.updateOne(
        { _id: broadcastId, status: 'running', 'runner.id': instanceId },
        { $set: { counters: { ...this.counters }, 'runner.until': clock.now() + options.leaseMs + extraMs } },
      ),
    );
    return result.matchedCount === 1;
  }

  private async finish(): Promise<void> {
    const { Broadcast, broadcastId, instanceId, clock } = this.ctx;
    await this.recount(); // exact final numbers, whatever was added meanwhile
    const finished = await this.ctx.serialize(() =>
      Broadcast.updateOne(
        { _id: broadcastId, status: 'running', 'runner.id': instanceId },
        { $set: { status: 'completed', finishedAt: new Date(clock.now()), runner: null, counters: { ...this.counters } } },
      ),
    );
    if (finished.matchedCount === 1) this.status = 'completed';
    else await this.release();
    this.ctx.emit('progress', this.progress());
  }

  /** Gives up the claim (saving the counters); a fatal error also pauses the broadcast. */
  private async release(): Promise<void> {
    const { Broadcast, broadcastId, instanceId } = this.ctx;
    const set: Record<string, unknown> = { runner: null, counters: { ...this.counters } };
    const filter: Record<string, unknown> = { _id: broadcastId, 'runner.id': instanceId };
    if (this.haltReason === 'fatal') Object.assign(set, { status: 'paused', reason: this.reason });
    if (this.haltReason === 'fatal') filter.status = 'running';
    await this.ctx.serialize(() => Broadcast.updateOne(filter, { $set: set }));
  }
}

/** Builds a progress snapshot from counters. Internal. */
export function toProgress(
  broadcastId: string,
  status: BroadcastStatus,
  counters: BroadcastCounters,
  rate: number,
  reason: string | null,
): BroadcastProgress {
  const { total, sent, blocked, failed, unknown } = counters;
  const pending = Math.max(0, total - sent - blocked - failed - unknown);
  return { broadcastId, status, total, sent, blocked, failed, unknown, pending, rate, reason };
}

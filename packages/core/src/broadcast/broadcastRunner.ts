import { isDuplicateKeyError } from '../db/databaseRetry';
import { emptyCursor, outcomeId, type BroadcastCursor, type BroadcastModels, type BroadcastOutcomeDoc } from './broadcastModels';
import { RecipientList } from './recipientList';
import { INTERRUPTED_REASON } from './interrupted';
import type { SendRateLimiter } from './rateLimiter';
import type { BroadcastClock, BroadcastCounters, BroadcastMessage, BroadcastProgress, BroadcastStatus, SendOutcome, SendRecipient } from './types';
import type { BroadcastEngineEvents } from './broadcastEngine';

export { INTERRUPTED_REASON } from './interrupted';

/** What the engine gives a runner. Internal. */
export interface RunnerContext {
  broadcastId: string;
  instanceId: string;
  /** Take the broadcast over whoever holds its claim (the engine knows that process is dead). */
  takeOver: boolean;
  models: BroadcastModels;
  /** Brings a broadcast of the first engine over to chunks before it runs. */
  upgrade: () => Promise<void>;
  send: SendRecipient;
  clock: BroadcastClock;
  limiter: SendRateLimiter;
  options: { concurrency: number; batchSize: number; maxTransientRetries: number; backoffMs: number; leaseMs: number };
  serialize: <T>(write: () => Promise<T>) => Promise<T>;
  emit: <E extends keyof BroadcastEngineEvents>(event: E, ...payload: BroadcastEngineEvents[E]) => void;
}

type HaltReason = 'pause' | 'cancel' | 'stop' | 'fatal' | 'lost';

/** A recipient to be sent again, and when: after a 429, a pause, or a transient error's back-off. */
interface Retry {
  position: number;
  attempts: number;
  notBefore: number;
}

/** One recipient of the window being sent. */
interface Slot {
  position: number;
  chatId: number;
  attempts: number;
  /** Settled: delivered, or a final answer (blocked/failed). */
  settled: boolean;
}

/** A pause longer than this is worth one extra write, so a crash during it leaves nothing in doubt. */
const SETTLE_BEFORE_WAIT_MS = 1_000;

/**
 * Runs one broadcast in this process, one window at a time:
 *
 * 1. wait for the limiter's turn for the whole window (`batchSize` recipients);
 * 2. write the cursor (one point update of the broadcast document): the window's positions as
 *    `inFlight`, the results of the window before, the counters, the renewed claim;
 * 3. send to the whole window at once (up to `concurrency` in flight).
 *
 * After a crash the next runner counts the last written `inFlight` as `unknown` and never sends
 * to them again (at most once). Because the window's sends start right after the write, only
 * sends that had started are in doubt. Recipients that were certainly not reached (429, 401, a
 * pause) go to `retry` and are sent in a later window. Internal to the engine; see
 * docs/broadcast.md.
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
  private recipients: RecipientList | undefined;
  private message: BroadcastMessage | undefined;
  private next = 0;
  private retries: Retry[] = [];
  /** Blocked/failed answers of settled windows, written with the next cursor write. */
  private outcomes: BroadcastOutcomeDoc[] = [];
  /** Whether the database still holds an `inFlight` window that has settled since. */
  private unsettledWrite = false;

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

  /** Recipients were added while it runs: the new chunks join the walk. */
  addedRecipients(chunkLengths: number[], added: number): void {
    this.counters.total += added;
    this.recipients?.setLengths(chunkLengths);
  }

  progress(): BroadcastProgress {
    const now = this.ctx.clock.now();
    while (this.sentAt.length > 0 && (this.sentAt[0] ?? 0) <= now - 10_000) this.sentAt.shift();
    const seconds = Math.min(10, Math.max(1, (now - this.startedAt) / 1000));
    return toProgress(this.ctx.broadcastId, this.status, this.counters, this.sentAt.length / seconds, this.reason);
  }

  private async run(): Promise<void> {
    const { broadcastId, clock, models } = this.ctx;
    this.startedAt = clock.now();
    const claimed = await this.ctx.serialize(() =>
      models.Broadcast.findOneAndUpdate(
        this.ctx.takeOver
          ? { _id: broadcastId, status: 'running' }
          : {
              _id: broadcastId,
              status: 'running',
              $or: [{ runner: null }, { 'runner.until': { $lte: clock.now() } }, { 'runner.id': this.ctx.instanceId }],
            },
        { $set: { runner: { id: this.ctx.instanceId, until: clock.now() + this.ctx.options.leaseMs } } },
        { returnDocument: 'after' },
      ).lean(),
    );
    if (!claimed) return; // someone else runs it, or it is no longer running
    await this.ctx.upgrade();
    const doc = await models.Broadcast.findById(broadcastId).lean();
    if (!doc) return;
    this.message = doc.message;
    Object.assign(this.counters, doc.counters);
    this.recipients = new RecipientList(models.Chunk, broadcastId, doc.chunkLengths ?? []);
    this.counters.total = this.recipients.size;
    const cursor: BroadcastCursor = { ...emptyCursor(), ...(doc.cursor ?? {}) };
    this.next = cursor.next;
    this.retries = cursor.retry.map((position) => ({ position, attempts: 0, notBefore: 0 }));
    await this.recoverInterrupted(cursor.inFlight);
    this.ctx.emit('progress', this.progress());

    while (this.haltReason === null) {
      await this.settleBeforeWait(this.waitAheadMs());
      const window = this.nextWindow();
      if (window === 'finished') return this.finish();
      if (window.length === 0) {
        // Only back-offs are left: wait for the first one.
        await clock.sleep(Math.max(1, this.waitAheadMs()), this.abort.signal);
        continue;
      }
      const slots = await this.slotsAt(window);
      if (!(await this.ctx.limiter.acquireMany(slots.map((s) => s.chatId), this.abort.signal))) {
        this.giveBack(slots);
        break;
      }
      if (!(await this.writeCursor(slots.map((s) => s.position)))) {
        this.haltReason ??= 'lost';
        this.giveBack(slots);
        break;
      }
      await this.sendWindow(slots);
      if (this.abandoned) return;
      this.ctx.emit('progress', this.progress());
    }
    if (this.abandoned) return;
    await this.release();
    this.ctx.emit('progress', this.progress());
  }

  /**
   * The window left `inFlight` by a runner that died: those recipients may have got the
   * message. We never send twice, so they become `unknown` (with an outcome saying why).
   */
  private async recoverInterrupted(inFlight: number[]): Promise<void> {
    if (inFlight.length === 0 || !this.recipients) return;
    const chatIds = await this.recipients.chatIdsAt(inFlight);
    const at = new Date(this.ctx.clock.now());
    this.counters.unknown += inFlight.length;
    for (const chatId of chatIds) {
      this.outcomes.push({ _id: outcomeId(this.ctx.broadcastId, chatId), broadcastId: this.ctx.broadcastId, chatId, status: 'unknown', reason: INTERRUPTED_REASON, at });
    }
    this.unsettledWrite = true;
  }

  /** How long until the next window can go: the limiter's pause, or the first back-off when only back-offs are left. */
  private waitAheadMs(): number {
    const now = this.ctx.clock.now();
    const limiter = this.ctx.limiter.waitMs();
    if (this.next < (this.recipients?.size ?? 0) || this.retries.length === 0) return limiter;
    const firstRetry = this.retries.reduce((at, r) => Math.min(at, r.notBefore), Infinity) - now;
    return Math.max(limiter, firstRetry);
  }

  /** The next window: due retries first, then new positions; 'finished' when none are left. */
  private nextWindow(): Array<{ position: number; attempts: number }> | 'finished' {
    const size = this.recipients?.size ?? 0;
    if (this.retries.length === 0 && this.next >= size) return 'finished';
    const now = this.ctx.clock.now();
    const window: Array<{ position: number; attempts: number }> = [];
    const later: Retry[] = [];
    for (const retry of this.retries) {
      if (retry.notBefore <= now && window.length < this.ctx.options.batchSize) window.push(retry);
      else later.push(retry);
    }
    this.retries = later;
    while (window.length < this.ctx.options.batchSize && this.next < size) window.push({ position: this.next++, attempts: 0 });
    return window;
  }

  private async slotsAt(window: Array<{ position: number; attempts: number }>): Promise<Slot[]> {
    const chatIds = await (this.recipients as RecipientList).chatIdsAt(window.map((w) => w.position));
    return window.map(({ position, attempts }, i) => ({ position, chatId: chatIds[i] as number, attempts, settled: false }));
  }

  /** Slots that were never sent go back to the retry list (they were certainly not delivered). */
  private giveBack(slots: Slot[]): void {
    for (const slot of slots) if (!slot.settled) this.retries.push({ position: slot.position, attempts: slot.attempts, notBefore: 0 });
  }

  /** Sends the window: every slot at once (up to `concurrency` in flight). */
  private async sendWindow(slots: Slot[]): Promise<void> {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < slots.length) {
        const slot = slots[next++];
        if (!slot) continue;
        // A halt stops sends not yet started; they go back to the list, certainly not delivered.
        if (this.haltReason !== null) this.giveBack([slot]);
        else await this.deliver(slot);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.ctx.options.concurrency, slots.length) }, worker));
    this.unsettledWrite = true;
  }

  /** One attempt for one recipient of the window; a retry goes to a later window. */
  private async deliver(slot: Slot): Promise<void> {
    const { clock, limiter, options, broadcastId } = this.ctx;
    const outcome = await this.attempt(slot.chatId);
    this.sentAt.push(clock.now());
    if (outcome.ok) return this.settle(slot, 'sent', null);
    switch (outcome.kind) {
      case 'blocked':
        return this.settle(slot, 'blocked', outcome.description);
      case 'failed':
        return this.settle(slot, 'failed', outcome.description);
      case 'fatal':
        // Not delivered (the bot cannot send): the recipient is sent again after a resume.
        this.retries.push({ position: slot.position, attempts: slot.attempts, notBefore: 0 });
        return this.haltFatal(outcome.description);
      case 'retry_after':
        // The whole bot waits; this same recipient goes first in the window after the pause.
        limiter.pauseFor(outcome.seconds * 1000);
        this.ctx.emit('rateLimited', { broadcastId, chatId: slot.chatId, seconds: outcome.seconds });
        this.retries.unshift({ position: slot.position, attempts: slot.attempts, notBefore: 0 });
        return;
      case 'transient': {
        // It may have reached the chat; retried a few times all the same (Telegram's 5xx and
        // dropped connections are usually not delivered), then failed.
        const attempts = slot.attempts + 1;
        if (attempts > options.maxTransientRetries) return this.settle(slot, 'failed', outcome.description);
        this.retries.push({ position: slot.position, attempts, notBefore: clock.now() + options.backoffMs * 2 ** (attempts - 1) });
        return;
      }
    }
  }

  private async attempt(chatId: number): Promise<SendOutcome> {
    try {
      return await this.ctx.send(chatId, { id: this.ctx.broadcastId, message: this.message as BroadcastMessage });
    } catch (error) {
      // The sender classifies Telegram's answers itself (bot-kit's broadcastSender): a throw is a
      // failure of its own (a bug, a lost connection before the call), retried like a 5xx.
      return { ok: false, kind: 'transient', description: error instanceof Error ? error.message : String(error) };
    }
  }

  private settle(slot: Slot, status: 'sent' | 'blocked' | 'failed', reason: string | null): void {
    slot.settled = true;
    this.counters[status] += 1;
    const { broadcastId } = this.ctx;
    if (status !== 'sent') {
      this.outcomes.push({ _id: outcomeId(broadcastId, slot.chatId), broadcastId, chatId: slot.chatId, status, reason, at: new Date(this.ctx.clock.now()) });
    }
    this.ctx.emit('recipient', { broadcastId, chatId: slot.chatId, status, ...(reason ? { description: reason } : {}) });
  }

  private haltFatal(description: string): void {
    this.haltReason ??= 'fatal';
    this.reason = description;
    this.status = 'paused';
    this.abort.abort();
  }

  /**
   * Before a long wait (a 429's pause, a back-off), records that the last window has settled,
   * so a crash during the wait leaves nothing `unknown`.
   */
  private async settleBeforeWait(waitMs: number): Promise<void> {
    if (!this.unsettledWrite || waitMs < SETTLE_BEFORE_WAIT_MS || this.haltReason !== null) return;
    if (!(await this.writeCursor([], waitMs))) this.haltReason ??= 'lost';
  }

  private cursor(inFlight: number[]): BroadcastCursor {
    return { next: this.next, retry: this.retries.map((r) => r.position), inFlight };
  }

  /**
   * The one write per window: cursor, counters and the renewed claim, with the blocked/failed
   * answers of the window before (their own collection, only when there are any). False if the
   * claim was lost (another runner took the broadcast over).
   */
  private async writeCursor(inFlight: number[], extraLeaseMs = 0): Promise<boolean> {
    const { models, broadcastId, instanceId, clock, options } = this.ctx;
    const outcomes = this.outcomes.splice(0);
    const [result] = await Promise.all([
      this.ctx.serialize(() =>
        models.Broadcast.updateOne(
          { _id: broadcastId, status: 'running', 'runner.id': instanceId },
          { $set: { cursor: this.cursor(inFlight), counters: { ...this.counters }, 'runner.until': clock.now() + options.leaseMs + extraLeaseMs } },
        ),
      ),
      this.writeOutcomes(outcomes),
    ]);
    this.unsettledWrite = inFlight.length > 0;
    return result.matchedCount === 1;
  }

  private async writeOutcomes(outcomes: BroadcastOutcomeDoc[]): Promise<void> {
    if (outcomes.length === 0) return;
    try {
      await this.ctx.models.Outcome.collection.insertMany(outcomes as never[], { ordered: false });
    } catch (error) {
      // Written already by a runner that died after writing them: the same answers.
      if (!isDuplicateKeyError(error)) throw error;
    }
  }

  private async finish(): Promise<void> {
    const { models, broadcastId, instanceId, clock } = this.ctx;
    const outcomes = this.outcomes.splice(0);
    await this.writeOutcomes(outcomes);
    const finished = await this.ctx.serialize(() =>
      models.Broadcast.updateOne(
        { _id: broadcastId, status: 'running', 'runner.id': instanceId },
        { $set: { status: 'completed', finishedAt: new Date(clock.now()), runner: null, cursor: this.cursor([]), counters: { ...this.counters } } },
      ),
    );
    if (finished.matchedCount === 1) this.status = 'completed';
    else await this.release();
    this.ctx.emit('progress', this.progress());
  }

  /** Gives up the claim, saving cursor and counters; a fatal error also pauses the broadcast. */
  private async release(): Promise<void> {
    const { models, broadcastId, instanceId } = this.ctx;
    await this.writeOutcomes(this.outcomes.splice(0));
    const set: Record<string, unknown> = { runner: null, cursor: this.cursor([]), counters: { ...this.counters } };
    const filter: Record<string, unknown> = { _id: broadcastId, 'runner.id': instanceId };
    if (this.haltReason === 'fatal') Object.assign(set, { status: 'paused', reason: this.reason });
    if (this.haltReason === 'fatal') filter.status = 'running';
    await this.ctx.serialize(() => models.Broadcast.updateOne(filter, { $set: set }));
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

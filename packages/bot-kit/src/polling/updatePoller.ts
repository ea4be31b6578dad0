import type { Telegram } from 'telegraf';
import type { Update, UserFromGetMe } from 'telegraf/types';
import type { UpdateType } from 'telegraf/typings/telegram-types';
import { AppError } from '@motherbot/core';
import { classifyTelegramError } from '../telegramErrors/classifyTelegramError';
import { UpdateLedger } from './updateLedger';
import { ChatQueue } from './chatQueue';
import { runUpdate } from './runUpdate';

/** What the poller needs of a bot: Telegraf's `Telegraf` fits. */
export interface PollableBot {
  telegram: Pick<Telegram, 'callApi'>;
  botInfo?: UserFromGetMe;
  handleUpdate(update: Update): Promise<void>;
}

export interface UpdatePollerOptions {
  /** Updates accepted and not finished, at most (queued behind their chat or running). */
  maxInFlight?: number;
  /** getUpdates `timeout` in seconds (Telegraf's is 50) and `limit` (at most 100). */
  timeoutSeconds?: number;
  limit?: number;
  /** getUpdates `allowed_updates`; Telegram's default set when omitted (as Telegraf sends). */
  allowedUpdates?: UpdateType[];
  /** A handler threw (or Telegraf's handler timeout hit): the poller goes on. */
  onError?: (error: unknown, update: Update) => void;
  /** getUpdates failed transiently; the poller tries again after `delayMs`. */
  onRetry?: (error: unknown, delayMs: number) => void;
}

/** The poller was used out of turn: run twice at once, or after stop(). */
export class PollerStateError extends AppError {
  constructor(state: string, action: string) {
    super('POLLER_STATE', `cannot ${action} an update poller that is ${state}`, { state, action });
  }
}

type State = 'idle' | 'polling' | 'stopped';
/** While every update Telegram sends is already running, look again after this long (doubling). */
const STALL_FIRST_MS = 50;
const STALL_MAX_MS = 1000;
/** A long poll that has not answered this long after its timeout hangs: abort it and try again. */
const HUNG_POLL_SLACK_MS = 15_000;

/**
 * Long polling that does not wait for a whole batch: each update goes to `bot.handleUpdate` as
 * soon as it arrives, at most `maxInFlight` at a time, the updates of one chat one after another
 * in arrival order. Telegraf's own poller awaits its batch of up to 100 updates, so one slow
 * update (a database retry, a 429 wait) stalls every user of the bot.
 *
 * Delivery stays at-least-once across a crash: the offset confirmed to Telegram is the
 * {@link UpdateLedger}'s, never past an unfinished update. The price: while an update runs,
 * Telegram answers every poll at once with it again, so instead of a long poll the poller looks
 * again when an update finishes or after a short pause, whichever comes first — fast enough
 * that updates of other chats are not held up, never a busy loop (updatePoller.test.ts).
 * Telegram sends at most 100 updates from the offset, so an update that runs long holds the
 * bot up again once the 99 after it are done: handlers must stay short.
 */
export class UpdatePoller {
  private readonly ledger = new UpdateLedger();
  private readonly queue: ChatQueue;
  private readonly maxInFlight: number;
  private readonly timeoutSeconds: number;
  private readonly limit: number;
  private state: State = 'idle';
  private request?: AbortController;
  private wake?: () => void;
  private loop?: Promise<void>;
  private stopping?: Promise<void>;
  private abandoned = false;
  /** False after a 401/409: confirming the offset then would only kick the rightful poller. */
  private mayConfirm = true;

  constructor(
    private readonly bot: PollableBot,
    private readonly options: UpdatePollerOptions = {},
  ) {
    this.maxInFlight = Math.max(1, options.maxInFlight ?? 64);
    this.timeoutSeconds = options.timeoutSeconds ?? 50;
    this.limit = Math.min(100, Math.max(1, options.limit ?? 100));
    this.queue = new ChatQueue(bot);
  }

  /** Updates accepted and not finished. */
  get inFlight(): number {
    return this.ledger.inFlight;
  }

  /**
   * Calls getMe (Telegraf needs `botInfo` to match `/cmd@botname`) and deleteWebhook, as
   * Telegraf's launch does, then polls. `onPolling` runs when the first poll is sent. Resolves
   * once stop() has finished; rejects with Telegram's error on a 401 or 409 (or another answer
   * that trying again cannot fix), after which `run` may be called again (the ledger is kept).
   */
  async run(onPolling?: () => void): Promise<void> {
    if (this.state !== 'idle' || this.stopping) throw new PollerStateError(this.stopping ? 'stopped' : this.state, 'run');
    this.state = 'polling';
    this.loop = this.prepareAndPoll(onPolling);
    try {
      await this.loop;
    } catch (error) {
      if (!this.stopping) {
        this.state = 'idle';
        throw error;
      }
    }
    await this.stopping;
  }

  /**
   * Ends the long poll at once, lets in-flight updates finish (those still running after
   * `deadlineMs` are left to be redelivered), then confirms the offset to Telegram so finished
   * updates are not delivered again. Safe to call more than once and before run().
   */
  stop(options: { deadlineMs?: number } = {}): Promise<void> {
    this.stopping ??= this.shutdown(options.deadlineMs ?? 30_000);
    return this.stopping;
  }

  /** Stops polling at once without waiting for handlers or confirming anything: what a crash does. */
  abandon(): void {
    this.abandoned = true;
    this.stopping ??= Promise.resolve();
    this.interrupt();
    this.state = 'stopped';
  }

  private async shutdown(deadlineMs: number): Promise<void> {
    this.interrupt();
    await this.loop?.catch(() => undefined);
    this.state = 'stopped';
    // Still running after the deadline: left to be redelivered, so they may no longer answer (abandonedUpdates.ts).
    await this.queue.drain(deadlineMs);
    if (this.abandoned || !this.mayConfirm || this.ledger.offset === 0) return;
    await this.bot.telegram.callApi('getUpdates', { offset: this.ledger.offset, limit: 1, timeout: 0 }).catch(() => undefined);
  }

  private interrupt(): void {
    this.request?.abort();
    this.wake?.();
  }

  private get halted(): boolean {
    return this.stopping !== undefined;
  }

  private async prepareAndPoll(onPolling?: () => void): Promise<void> {
    this.bot.botInfo ??= await this.bot.telegram.callApi('getMe', {});
    if (this.halted) return;
    await this.bot.telegram.callApi('deleteWebhook', {});
    onPolling?.();
    let failures = 0;
    let stallMs = STALL_FIRST_MS;
    while (!this.halted) {
      while (this.ledger.inFlight >= this.maxInFlight && !this.halted) await this.nextChange();
      if (this.halted) return;
      const finishedBefore = this.ledger.completions;
      const free = this.maxInFlight - this.ledger.inFlight;
      let updates: Update[];
      try {
        // Telegram sends the known updates above the offset first: ask for those plus `free` new ones.
        updates = await this.getUpdates(Math.min(this.limit, this.ledger.known + free));
        failures = 0;
        this.mayConfirm = true;
      } catch (error) {
        if (this.halted) return;
        const delayMs = retryDelayMs(error, failures);
        if (delayMs === undefined) {
          this.mayConfirm = false;
          throw error;
        }
        failures += 1;
        this.options.onRetry?.(error, delayMs);
        await this.pause(delayMs);
        continue;
      }
      const requested = Math.min(this.limit, this.ledger.known + free);
      const fresh = updates.filter((u) => !this.ledger.has(u.update_id)).slice(0, free);
      for (const update of fresh) this.dispatch(update);
      if (fresh.length > 0 && fresh.length === updates.length && updates.length < requested) {
        // Telegram had nothing more, and what it sent now runs: polling at once would only get
        // it back. Look again when one finishes (usually milliseconds) or after a short pause.
        stallMs = STALL_FIRST_MS;
        if (this.ledger.inFlight > 0) await this.nextChange(STALL_FIRST_MS);
      } else if (fresh.length > 0 || updates.length === 0) {
        stallMs = STALL_FIRST_MS;
      } else if (this.ledger.completions === finishedBefore) {
        // Everything Telegram sent is running: see the class comment.
        await this.nextChange(stallMs);
        stallMs = Math.min(STALL_MAX_MS, stallMs * 2);
      }
    }
  }

  private async getUpdates(limit: number): Promise<Update[]> {
    const request = new AbortController();
    this.request = request;
    const hung = setTimeout(() => request.abort(), this.timeoutSeconds * 1000 + HUNG_POLL_SLACK_MS);
    try {
      const payload = { timeout: this.timeoutSeconds, offset: this.ledger.offset, limit, allowed_updates: this.options.allowedUpdates ?? [] };
      return await this.bot.telegram.callApi('getUpdates', payload, { signal: request.signal as never });
    } finally {
      clearTimeout(hung);
      this.request = undefined;
    }
  }

  /** Queues the update behind the running ones of its chat. */
  private dispatch(update: Update): void {
    this.ledger.start(update.update_id);
    void this.queue.dispatch(update, (u) => this.handle(u));
  }

  private async handle(update: Update): Promise<void> {
    try {
      await runUpdate(this.bot, update, this.options.onError);
    } finally {
      this.ledger.finish(update.update_id);
      this.wake?.();
    }
  }

  /** Resolves when an update finishes, stop() is called, or after `timeoutMs` (one waiter: the poll loop). */
  private nextChange(timeoutMs?: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = undefined;
        resolve();
      };
      const timer = timeoutMs === undefined ? undefined : setTimeout(done, timeoutMs);
      this.wake = done;
    });
  }

  private async pause(ms: number): Promise<void> {
    const until = Date.now() + ms;
    while (!this.halted && Date.now() < until) await this.nextChange(until - Date.now());
  }
}

/** How long to wait before polling again, or undefined when Telegram's answer is final (401, 409, other 4xx). */
function retryDelayMs(error: unknown, failures: number): number | undefined {
  const outcome = classifyTelegramError(error);
  if (outcome.ok) return undefined;
  if (outcome.kind === 'retry_after') return outcome.seconds * 1000;
  if (outcome.kind === 'transient') return Math.min(5000, 500 * 2 ** failures);
  return undefined;
}

import type { BroadcastClock } from './types';

export interface SendRateLimiterOptions {
  /** Messages per second for the whole bot (Telegram allows about 30; we default to 25). */
  ratePerSecond: number;
  /** Least time between two messages to the same chat (Telegram: about one per second). */
  perChatIntervalMs?: number;
  clock: BroadcastClock;
}

/**
 * Paces one bot's sends: a turn for `n` sends at once is followed by a gap of `n` slots of
 * `1000 / ratePerSecond` ms (rounded up to whole milliseconds per turn, so any one-second window
 * holds at most `ratePerSecond` sends), at least `perChatIntervalMs` between two sends to one
 * chat, and a shared pause after a 429 that every sender of the bot waits out. The broadcast
 * runner takes its turns a window at a time: a window's sends start together, right after the
 * window was recorded, so a crash leaves in doubt only sends that had started.
 *
 * Waiters are served one at a time, in order, so a retried chat never jumps the queue. A waiter
 * for a chat's spacing holds up the others briefly; within one broadcast a chat is sent to once,
 * so this happens only for retries and for two broadcasts to the same people at once.
 * Guarded by broadcastEngine.test.ts ("paces sends").
 */
export class SendRateLimiter {
  private readonly ratePerSecond: number;
  private readonly perChatIntervalMs: number;
  private readonly clock: BroadcastClock;
  private nextSlotAt = 0;
  private pausedUntilAt = 0;
  private readonly lastSentToChat = new Map<number, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(options: SendRateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.ratePerSecond = options.ratePerSecond;
    this.perChatIntervalMs = options.perChatIntervalMs ?? 1000;
    this.clock = options.clock;
  }

  /** The moment until which every send waits after a 429 (0 when none). */
  get pausedUntil(): number {
    return this.pausedUntilAt;
  }

  /** Holds every sender of this bot for `ms` (Telegram's `retry_after`), counted from now. */
  pauseFor(ms: number): void {
    this.pausedUntilAt = Math.max(this.pausedUntilAt, this.clock.now() + ms);
  }

  /**
   * Waits for this chat's turn. Resolves `true` when the caller may send now, `false` if
   * `signal` aborted first (the caller then does not send).
   */
  acquire(chatId: number, signal?: AbortSignal): Promise<boolean> {
    return this.acquireMany([chatId], signal);
  }

  /** One turn for sends to all these chats at once (distinct chats); `false` if `signal` aborted. */
  acquireMany(chatIds: number[], signal?: AbortSignal): Promise<boolean> {
    const turn = this.queue.then(() => this.waitForSlot(chatIds, signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  /**
   * The gap after a turn of `n` sends: whole turns per second (`floor(rate / n)`), so that any
   * one-second window holds at most `ratePerSecond` sends whatever its start. A window size that
   * divides the rate loses nothing (10 at 30/s: a turn every 334 ms).
   */
  private turnMs(n: number): number {
    // The small epsilon keeps 30 / 10 at 3 despite floating point.
    const turnsPerSecond = Math.floor(this.ratePerSecond / n + 1e-9);
    return turnsPerSecond >= 1 ? Math.ceil(1000 / turnsPerSecond) : Math.ceil((n * 1000) / this.ratePerSecond);
  }

  /** Milliseconds until the next turn could start (0 when it could start now). */
  waitMs(): number {
    return Math.max(0, Math.max(this.nextSlotAt, this.pausedUntilAt) - this.clock.now());
  }

  private async waitForSlot(chatIds: number[], signal?: AbortSignal): Promise<boolean> {
    // Re-evaluated after every sleep: a 429 may have moved the pause while we waited.
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.clock.now();
      let chatFreeAt = -Infinity;
      for (const chatId of chatIds) chatFreeAt = Math.max(chatFreeAt, (this.lastSentToChat.get(chatId) ?? -Infinity) + this.perChatIntervalMs);
      const at = Math.max(this.nextSlotAt, this.pausedUntilAt, chatFreeAt);
      if (now >= at) {
        this.nextSlotAt = now + this.turnMs(chatIds.length);
        for (const chatId of chatIds) this.remember(chatId, now);
        return true;
      }
      await this.clock.sleep(at - now, signal);
    }
  }

  /** Records a send to a chat, forgetting chats whose spacing has long passed (bounded memory). */
  private remember(chatId: number, now: number): void {
    this.lastSentToChat.set(chatId, now);
    if (this.lastSentToChat.size > 10_000) {
      for (const [id, at] of this.lastSentToChat) if (now - at >= this.perChatIntervalMs) this.lastSentToChat.delete(id);
    }
  }
}

import type { BroadcastClock } from './types';

export interface SendRateLimiterOptions {
  /** Messages per second for the whole bot (Telegram allows about 30; we default to 25). */
  ratePerSecond: number;
  /** Least time between two messages to the same chat (Telegram: about one per second). */
  perChatIntervalMs?: number;
  clock: BroadcastClock;
}

/**
 * Paces one bot's sends: evenly spaced slots of `1000 / ratePerSecond` ms (a token bucket of
 * size one, so there is never a burst and any one-second window holds at most `ratePerSecond`
 * sends), at least `perChatIntervalMs` between two sends to one chat, and a shared pause after
 * a 429 that every sender of the bot waits out.
 *
 * Waiters are served one at a time, in order, so a retried chat never jumps the queue. A waiter
 * for a chat's spacing holds up the others briefly; within one broadcast a chat is sent to once,
 * so this happens only for retries and for two broadcasts to the same people at once.
 * Guarded by broadcastEngine.test.ts ("paces sends").
 */
export class SendRateLimiter {
  private readonly intervalMs: number;
  private readonly perChatIntervalMs: number;
  private readonly clock: BroadcastClock;
  private nextSlotAt = 0;
  private pausedUntilAt = 0;
  private readonly lastSentToChat = new Map<number, number>();
  private queue: Promise<void> = Promise.resolve();

  constructor(options: SendRateLimiterOptions) {
    if (!(options.ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.intervalMs = 1000 / options.ratePerSecond;
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
    const turn = this.queue.then(() => this.waitForSlot(chatId, signal));
    this.queue = turn.then(
      () => undefined,
      () => undefined,
    );
    return turn;
  }

  private async waitForSlot(chatId: number, signal?: AbortSignal): Promise<boolean> {
    // Re-evaluated after every sleep: a 429 may have moved the pause while we waited.
    for (;;) {
      if (signal?.aborted) return false;
      const now = this.clock.now();
      const chatFreeAt = (this.lastSentToChat.get(chatId) ?? -Infinity) + this.perChatIntervalMs;
      const at = Math.max(this.nextSlotAt, this.pausedUntilAt, chatFreeAt);
      if (now >= at) {
        this.nextSlotAt = now + this.intervalMs;
        this.remember(chatId, now);
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

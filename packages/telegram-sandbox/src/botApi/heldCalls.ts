/**
 * Bot API calls the sandbox keeps unanswered for a while, by fault kind:
 * - 'hold': until the test releases it (`releaseHeld`), then it runs as usual. Holding a bot's
 *   sends and releasing them one by one makes a race land where a test wants it (a cancel in
 *   the middle of a broadcast, with known sends in flight).
 * - 'delay': for `delayMs`, then it runs as usual (a slow Telegram).
 * - 'timeout': never; only the client giving up (or the sandbox stopping) ends it, as when
 *   Telegram stops answering. It is listed while it hangs, so a test can see the client gave up.
 */
export type HoldKind = 'hold' | 'delay' | 'timeout';

export interface HeldCall {
  botId: number;
  method: string;
  kind: HoldKind;
  /** When the call arrived (ms since the epoch). */
  since: number;
}

export interface ReleaseFilter {
  /** Oldest first, at most this many (all when omitted). */
  count?: number;
  method?: string;
  botId?: number;
}

interface Waiter { call: HeldCall; go: (released: boolean) => void }

export class HeldCalls {
  private readonly waiting: Waiter[] = [];

  list(): HeldCall[] {
    return this.waiting.map((w) => ({ ...w.call }));
  }

  /**
   * Keeps a call waiting. Resolves true when it should now run (released, or its delay is over),
   * false when the client went away or the sandbox stopped (`signal`).
   */
  wait(call: Omit<HeldCall, 'since'>, signal: AbortSignal, delayMs = 1000): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        call: { ...call, since: Date.now() },
        go: (released) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          const at = this.waiting.indexOf(waiter);
          if (at >= 0) this.waiting.splice(at, 1);
          resolve(released);
        },
      };
      const onAbort = (): void => waiter.go(false);
      const timer = call.kind === 'delay' ? setTimeout(() => waiter.go(true), delayMs) : undefined;
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
  }

  /** Lets held ('hold') calls run, oldest first; returns how many. 'timeout' calls are never released. */
  release(filter: ReleaseFilter = {}): number {
    const method = filter.method?.toLowerCase();
    const chosen = this.waiting
      .filter((w) => w.call.kind === 'hold' && (method === undefined || w.call.method.toLowerCase() === method) && (filter.botId === undefined || w.call.botId === filter.botId))
      .slice(0, filter.count ?? Infinity);
    for (const w of chosen) w.go(true);
    return chosen.length;
  }
}

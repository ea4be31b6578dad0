import type { UpdateType } from 'telegraf/typings/telegram-types';
import { retryLoop, type WebhookCredentials } from '@motherbot/core';
import { telegramRetryDelayMs } from '../retry/retryTelegramCalls';

/** What the start-up calls need of a bot: Telegraf's `Telegraf` fits. */
export interface CallingBot {
  telegram: { callApi(method: never, payload: never): Promise<unknown> };
}

/**
 * Start-up calls of a bot that must eventually get through (getMe, setWebhook): tried again on
 * a transient failure or a 429 for as long as it takes, until Telegram answers for good (the
 * error is thrown: 401, a refused URL) or the start is cancelled (the call resolves undefined).
 * One per start: a cancelled one stays cancelled.
 *
 * Both bots' clients already retry each call (retryTelegramCalls), but for 30 s of waits at
 * most, and a 429 whose retry_after is longer than that is thrown at once: this loop is what
 * keeps a start-up call going beyond that, and what waits out such a retry_after. A cancel cuts
 * both the wait between attempts and the attempt in progress (whose retries inside the client
 * may take 30 s): the call resolves undefined at once and the attempt is left to end unwatched.
 */
export class RetryingCalls {
  private cancelled = false;
  /** Resolve the attempts and waits in progress with undefined: see cancel(). */
  private readonly wakes = new Set<() => void>();

  constructor(
    private readonly bot: CallingBot,
    private readonly onRetry?: (error: unknown, delayMs: number) => void,
  ) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  async call<T>(method: string, payload: Record<string, unknown>): Promise<T | undefined> {
    try {
      return await retryLoop(
        () => (this.cancelled ? Promise.resolve(undefined) : this.untilCancelled(this.bot.telegram.callApi(method as never, payload as never) as Promise<T>)),
        (error, attempt) => (this.cancelled ? undefined : telegramRetryDelayMs(error, attempt)),
        { maxWaitMs: Infinity, sleep: (ms) => this.sleep(ms), onRetry: (error, delayMs) => this.onRetry?.(error, delayMs) },
      );
    } catch (error) {
      if (this.cancelled) return undefined;
      throw error;
    }
  }

  /** Ends the attempt or wait in progress; every call from now on resolves undefined at once. */
  cancel(): void {
    this.cancelled = true;
    for (const wake of this.wakes) wake();
    this.wakes.clear();
  }

  private sleep(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const slept = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    return this.untilCancelled(slept).then(() => clearTimeout(timer));
  }

  /** `work`'s outcome, or undefined as soon as cancel() is called. */
  private untilCancelled<T>(work: Promise<T>): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const wake = (): void => resolve(undefined);
      this.wakes.add(wake);
      work.then(resolve, reject).finally(() => this.wakes.delete(wake));
    });
  }
}

/** Points Telegram at a bot's webhook: its URL, its secret_token, how many requests at once, which updates. */
export function setBotWebhook(
  calls: RetryingCalls,
  options: { url: string; credentials: WebhookCredentials; maxConnections: number; allowedUpdates?: UpdateType[] },
): Promise<unknown> {
  return calls.call('setWebhook', {
    url: options.url,
    secret_token: options.credentials.secretToken,
    max_connections: options.maxConnections,
    // Empty: Telegram's default set, as polling asks for.
    allowed_updates: options.allowedUpdates ?? [],
  });
}

import type { UpdateType } from 'telegraf/typings/telegram-types';
import type { WebhookCredentials } from '@motherbot/core';
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
 */
export class RetryingCalls {
  private cancelled = false;
  private wake?: () => void;

  constructor(
    private readonly bot: CallingBot,
    private readonly onRetry?: (error: unknown, delayMs: number) => void,
  ) {}

  get isCancelled(): boolean {
    return this.cancelled;
  }

  async call<T>(method: string, payload: Record<string, unknown>): Promise<T | undefined> {
    for (let attempt = 0; !this.cancelled; attempt += 1) {
      try {
        return (await this.bot.telegram.callApi(method as never, payload as never)) as T;
      } catch (error) {
        if (this.cancelled) return undefined;
        const delayMs = telegramRetryDelayMs(error, attempt);
        if (delayMs === undefined) throw error;
        this.onRetry?.(error, delayMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wake = undefined;
      }
    }
    return undefined;
  }

  /** Ends the wait in progress; every call from now on resolves undefined at once. */
  cancel(): void {
    this.cancelled = true;
    this.wake?.();
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

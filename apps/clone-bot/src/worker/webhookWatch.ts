import type { Telegram } from 'telegraf';
import type { WebhookInfo } from 'telegraf/types';
import type { Logger, WebhookStatusDoc } from '@motherbot/core';
import { telegramErrorCode } from '@motherbot/bot-kit';

/** The webhook a worker set at start, as setWebhook took it. */
export interface ExpectedWebhook {
  url: string;
  secretToken: string;
  maxConnections: number;
}

export interface WebhookWatchOptions {
  /** First look after the start (default 5 s), then every `intervalMs` (default 60 s). */
  firstCheckMs?: number;
  intervalMs?: number;
  /**
   * Asked before the webhook is set again: false when this worker may no longer own the bot
   * (several hosts: its placement moved, and the next host's URL is the right one now).
   */
  mayRepair?: () => Promise<boolean>;
  /** Telegram answered 401: the token was revoked, no update will come again. */
  onTokenInvalid: (error: unknown) => void;
  /** The status changed (to be written with the next heartbeat at once). */
  onStatus?: (status: WebhookStatusDoc) => void;
}

/**
 * A worker's look at its webhook as Telegram sees it (getWebhookInfo): once shortly after the
 * start, then every minute. When Telegram reports another URL (someone set one with the token,
 * Telegram dropped it) the worker sets its own again and says so in its log: in webhook mode
 * nothing else would notice that updates stopped coming. What it learned (Telegram's queue,
 * its last delivery error, the last repair) goes into the heartbeat, for the mother's /health.
 * A 401 means the token was revoked: the worker ends as polling would (TokenInvalid).
 * Guarded by webhookWatch.test.ts.
 */
export class WebhookWatch {
  private timer?: NodeJS.Timeout;
  private checking: Promise<void> = Promise.resolve();
  private stopped = false;
  private repairedAt?: Date;
  status?: WebhookStatusDoc;

  constructor(
    private readonly telegram: Pick<Telegram, 'callApi'>,
    private readonly expected: ExpectedWebhook,
    private readonly logger: Logger,
    private readonly options: WebhookWatchOptions,
  ) {}

  start(): void {
    this.schedule(this.options.firstCheckMs ?? 5000);
  }

  /** Stops looking and waits for a look in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.checking;
  }

  /** One look (and a repair when needed) now; never rejects. */
  check(): Promise<void> {
    this.checking = this.checking.then(() => this.look());
    return this.checking;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.check().then(() => this.schedule(this.options.intervalMs ?? 60_000));
    }, delayMs);
    this.timer.unref();
  }

  private async look(): Promise<void> {
    if (this.stopped) return;
    try {
      const info = await this.telegram.callApi('getWebhookInfo', {});
      if (info.url !== this.expected.url && !this.stopped && (await (this.options.mayRepair?.() ?? true)) && !this.stopped) {
        this.logger.warn('webhook: Telegram reports another URL; setting ours again', { found: describeUrl(info.url ?? ''), pending: info.pending_update_count });
        await this.telegram.callApi('setWebhook', {
          url: this.expected.url,
          secret_token: this.expected.secretToken,
          max_connections: this.expected.maxConnections,
          allowed_updates: [],
        });
        this.repairedAt = new Date();
      }
      this.record(info);
    } catch (error) {
      if (telegramErrorCode(error) === 401) {
        this.logger.error('webhook: Telegram rejected the token (401)', { error });
        this.stopped = true;
        this.options.onTokenInvalid(error);
        return;
      }
      this.logger.warn('webhook: getWebhookInfo or setWebhook failed; trying at the next look', { error: (error as Error).message });
    }
  }

  private record(info: WebhookInfo): void {
    const before = this.status;
    this.status = {
      checkedAt: new Date(),
      pending: info.pending_update_count,
      ...(info.last_error_date !== undefined && { lastErrorDate: new Date(info.last_error_date * 1000) }),
      ...(info.last_error_message !== undefined && { lastErrorMessage: info.last_error_message }),
      ...(this.repairedAt && { repairedAt: this.repairedAt }),
    };
    // Only a change is worth a beat of its own; the regular beat carries the rest.
    const changed = !before || before.pending !== this.status.pending || before.lastErrorDate?.getTime() !== this.status.lastErrorDate?.getTime() || before.repairedAt !== this.status.repairedAt;
    if (changed) this.options.onStatus?.(this.status);
  }
}

/** Another bot's URL carries its path MAC: only its origin goes into the log. */
function describeUrl(url: string): string {
  if (url === '') return '(none)';
  try {
    return `${new URL(url).origin}/…`;
  } catch {
    return '(not a URL)';
  }
}

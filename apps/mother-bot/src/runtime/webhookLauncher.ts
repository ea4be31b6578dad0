import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { telegramErrorCode, WebhookUpdates } from '@motherbot/bot-kit';
import { motherWebhookKey, webhookCredentials, webhookPath, webhookUrl, type WebhookCredentials } from '@motherbot/core';
import type { WebhookIngress } from '../webhooks/webhookIngress';

export interface MotherWebhookOptions {
  ingress: WebhookIngress;
  baseUrl: string;
  masterKey: string;
  maxConnections: number;
  onError?: (error: unknown, update: Update) => void;
  /** setWebhook failed transiently; tried again after `delayMs`. */
  onRetry?: (error: unknown, delayMs: number) => void;
}

const RETRY_MS = 2_000;

/**
 * The mother's updates in webhook mode, with the PollingLauncher's shape so the runtime and
 * MotherLeadership drive either: `start` hands the mother's requests at the host's ingress to a
 * WebhookUpdates and points Telegram at this host (setWebhook with the URL, the secret_token,
 * max_connections); `polling` resolves once setWebhook is done, and rejects, as `ended` does,
 * when Telegram refuses it for good (401: the token; 400: the URL). `stop` takes no more updates
 * and lets the running ones finish; it never deletes the webhook: Telegram keeps the updates
 * for the next start (a polling start deletes it).
 */
export class WebhookLauncher {
  private updates?: WebhookUpdates;
  private stopped = false;
  private wake?: () => void;
  /** Ends the current start's `ended` (at its stop). */
  private finish?: () => void;
  private readonly credentials: WebhookCredentials;

  constructor(
    private readonly bot: Telegraf,
    private readonly options: MotherWebhookOptions,
  ) {
    this.credentials = webhookCredentials(motherWebhookKey(options.masterKey));
  }

  /** The mother's webhook URL: it holds the path MAC, so it is a credential (never logged). */
  get url(): string {
    return webhookUrl(this.options.baseUrl, webhookPath({ kind: 'mother' }, this.credentials));
  }

  start(): { polling: Promise<void>; ended: Promise<void> } {
    this.stopped = false;
    const updates = new WebhookUpdates(this.bot, { credentials: this.credentials, onError: this.options.onError });
    this.updates = updates;
    this.options.ingress.setMotherHandler(updates);
    const stopped = new Promise<void>((resolve) => (this.finish = resolve));
    const set = this.setWebhook();
    // A caller may watch `ended` alone (MotherLeadership): `polling`'s rejection is not unhandled then.
    set.catch(() => undefined);
    const ended = set.then(
      () => stopped,
      (error: unknown) => {
        this.detach(updates);
        throw error;
      },
    );
    return { polling: set, ended };
  }

  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wake?.();
    const updates = this.updates;
    if (updates) {
      this.detach(updates);
      await updates.stop({ deadlineMs: timeoutMs });
    }
    this.finish?.();
  }

  private detach(updates: WebhookUpdates): void {
    this.options.ingress.setMotherHandler(undefined);
    if (this.updates === updates) this.updates = undefined;
  }

  private async setWebhook(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      try {
        await this.bot.telegram.callApi('setWebhook', {
          url: this.url,
          secret_token: this.credentials.secretToken,
          max_connections: this.options.maxConnections,
          allowed_updates: [],
        } as never);
        return;
      } catch (error) {
        const code = telegramErrorCode(error);
        if (code !== undefined && code >= 400 && code < 500 && code !== 429) throw error;
        const retryAfter = (error as { parameters?: { retry_after?: number } }).parameters?.retry_after;
        const delayMs = retryAfter ? retryAfter * 1000 : RETRY_MS;
        this.options.onRetry?.(error, delayMs);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, delayMs);
          this.wake = () => (clearTimeout(timer), resolve());
        });
      }
    }
  }
}

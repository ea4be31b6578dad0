import type { Telegraf } from 'telegraf';
import type { Update } from 'telegraf/types';
import { RetryingCalls, setBotWebhook, WebhookUpdates } from '@motherbot/bot-kit';
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
  /** The current start's setWebhook (cancelled by its stop). */
  private calls?: RetryingCalls;
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
    const calls = new RetryingCalls(this.bot, this.options.onRetry);
    this.calls = calls;
    const updates = new WebhookUpdates(this.bot, { credentials: this.credentials, onError: this.options.onError });
    this.updates = updates;
    this.options.ingress.setMotherHandler(updates);
    const stopped = new Promise<void>((resolve) => (this.finish = resolve));
    const set = setBotWebhook(calls, { url: this.url, credentials: this.credentials, maxConnections: this.options.maxConnections }).then(() => undefined);
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
    this.calls?.cancel();
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
}

import type { PlatformModels } from '@motherbot/core';

/** One webhook Telegram reports a recent delivery error for. */
export interface WebhookProblem {
  /** Absent for the mother bot. */
  cloneId?: string;
  botUsername?: string;
  pending: number;
  lastErrorDate?: Date;
  lastErrorMessage?: string;
}

export interface WebhookProblems {
  mother?: WebhookProblem;
  clones: WebhookProblem[];
}

export interface WebhookHealthOptions {
  models: Pick<PlatformModels, 'Heartbeat' | 'Clone'>;
  /** The mother's getWebhookInfo (Telegraf's `bot.telegram`). */
  telegram: { getWebhookInfo(): Promise<{ pending_update_count: number; last_error_date?: number; last_error_message?: string }> };
  clock?: () => Date;
  /** An error older than this is history, not a problem (default 30 min): Telegram keeps the last one for good. */
  recentMs?: number;
}

/**
 * Webhook mode, for the admins' /health: which webhooks Telegram reports a recent error for.
 * The clones' come from their workers' heartbeats (each worker's webhook watch records its
 * getWebhookInfo there), the mother's from its own getWebhookInfo, asked now.
 */
export class WebhookHealth {
  constructor(private readonly options: WebhookHealthOptions) {}

  async problems(): Promise<WebhookProblems> {
    const { models, telegram } = this.options;
    const since = new Date((this.options.clock?.() ?? new Date()).getTime() - (this.options.recentMs ?? 30 * 60_000));
    const [beats, mother] = await Promise.all([
      models.Heartbeat.find({ 'webhook.lastErrorDate': { $gte: since } }, { webhook: 1 }).lean(),
      telegram.getWebhookInfo().then(
        (info): WebhookProblem | undefined =>
          info.last_error_date && info.last_error_date * 1000 >= since.getTime()
            ? { pending: info.pending_update_count, lastErrorDate: new Date(info.last_error_date * 1000), lastErrorMessage: info.last_error_message }
            : undefined,
        (error: unknown): WebhookProblem => ({ pending: 0, lastErrorMessage: `getWebhookInfo failed: ${(error as Error).message}` }),
      ),
    ]);
    const names = beats.length
      ? new Map((await models.Clone.find({ _id: { $in: beats.map((b) => b._id) } }, { botUsername: 1 }).lean()).map((c) => [c._id, c.botUsername]))
      : new Map<string, string>();
    const clones = beats
      .filter((b) => b.webhook)
      .map((b) => ({
        cloneId: b._id,
        botUsername: names.get(b._id),
        pending: b.webhook!.pending,
        lastErrorDate: b.webhook!.lastErrorDate,
        lastErrorMessage: b.webhook!.lastErrorMessage,
      }))
      .sort((a, b) => (b.lastErrorDate?.getTime() ?? 0) - (a.lastErrorDate?.getTime() ?? 0));
    return { ...(mother ? { mother } : {}), clones };
  }
}

import { Telegram } from 'telegraf';
import { telegramErrorCode } from '@motherbot/bot-kit';
import { deriveCloneKey, openToken, type Logger, type PlatformModels } from '@motherbot/core';

export interface CloneWebhookRemovalOptions {
  models: Pick<PlatformModels, 'CloneToken'>;
  masterKey: string;
  apiRoot: string;
  logger: Logger;
  /** Tries per clone when Telegram cannot be reached (default 3), `retryMs` apart (default 2 s). */
  tries?: number;
  retryMs?: number;
}

/**
 * Deletes the webhook of a clone the manager stopped for good (its owner stopped it, it expired,
 * was deleted, its owner banned...): Telegram stops calling the host for a bot nobody answers,
 * and a later start sets it again (a polling start deletes it anyway). Never on a restart: the
 * queue stays at Telegram for the next worker. Runs beside the reconcile pass, never in it, so
 * an owner's button that asked for the stop does not wait for Telegram. A 401 (the token was
 * revoked) means there is nothing left to delete.
 */
export class CloneWebhookRemoval {
  private readonly running = new Map<string, Promise<void>>();
  /** Clones started again while their removal still retried: it gives up (the new worker sets its webhook). */
  private readonly cancelled = new Set<string>();

  constructor(private readonly options: CloneWebhookRemovalOptions) {}

  /** Starts the removal (once per clone at a time); never throws. */
  remove(cloneId: string): void {
    this.cancelled.delete(cloneId);
    if (this.running.has(cloneId)) return;
    const removal = this.run(cloneId).finally(() => {
      this.running.delete(cloneId);
      this.cancelled.delete(cloneId);
    });
    this.running.set(cloneId, removal);
  }

  /** The clone runs again: a removal still in progress makes no further try. */
  cancel(cloneId: string): void {
    if (this.running.has(cloneId)) this.cancelled.add(cloneId);
  }

  /** Waits for the removals in progress, up to `timeoutMs` (the mother's stop). */
  async idle(timeoutMs = 5_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(this.running.values()), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
  }

  private async run(cloneId: string): Promise<void> {
    const { models, masterKey, apiRoot, logger } = this.options;
    const tries = this.options.tries ?? 3;
    for (let attempt = 1; attempt <= tries && !this.cancelled.has(cloneId); attempt += 1) {
      try {
        const stored = await models.CloneToken.findById(cloneId, { sealed: 1 }).lean();
        if (!stored) return;
        const token = openToken(deriveCloneKey(masterKey, cloneId), cloneId, stored.sealed);
        await new Telegram(token, { apiRoot }).deleteWebhook();
        logger.info('clone webhook deleted (clone stopped)', { cloneId });
        return;
      } catch (error) {
        const code = telegramErrorCode(error);
        if (code === 401 || code === 404) return;
        if ((code !== undefined && code >= 400 && code < 500 && code !== 429) || attempt === tries) {
          logger.warn('could not delete the webhook of a stopped clone', { cloneId, error });
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 2_000));
      }
    }
  }
}

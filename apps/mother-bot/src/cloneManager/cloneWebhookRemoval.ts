import { Telegram } from 'telegraf';
import { telegramErrorCode, telegramRetryDelayMs } from '@motherbot/bot-kit';
import { deriveCloneKey, openToken, retryLoop, type Logger, type PlatformModels } from '@motherbot/core';

export interface CloneWebhookRemovalOptions {
  models: Pick<PlatformModels, 'CloneToken'>;
  masterKey: string;
  apiRoot: string;
  logger: Logger;
  /** Tries per clone when Telegram cannot be reached (default 3); `retryMs` fixes the wait between them (tests), else Telegram's retry_after or a backoff decides. */
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
    try {
      const stored = await models.CloneToken.findById(cloneId, { sealed: 1 }).lean();
      if (!stored) return;
      const telegram = new Telegram(openToken(deriveCloneKey(masterKey, cloneId), cloneId, stored.sealed), { apiRoot });
      // Telegram's own wait (retry_after, or a backoff on 5xx and network errors); a 4xx is final.
      const delayFor = (error: unknown, attempt: number): number | undefined => {
        if (this.cancelled.has(cloneId) || attempt + 1 >= tries) return undefined;
        const delay = telegramRetryDelayMs(error, attempt);
        return delay === undefined ? undefined : (this.options.retryMs ?? delay);
      };
      await retryLoop(() => telegram.deleteWebhook(), delayFor, { maxWaitMs: Number.POSITIVE_INFINITY });
      logger.info('clone webhook deleted (clone stopped)', { cloneId });
    } catch (error) {
      const code = telegramErrorCode(error);
      if (code === 401 || code === 404 || this.cancelled.has(cloneId)) return;
      logger.warn('could not delete the webhook of a stopped clone', { cloneId, error });
    }
  }
}

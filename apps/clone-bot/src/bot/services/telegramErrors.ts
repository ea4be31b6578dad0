import { classifyTelegramError } from '@motherbot/core';

/** Telegram's description of an error ("Bad Request: chat not found"), for logs and owner hints. */
export function telegramDescription(error: unknown): string {
  const outcome = classifyTelegramError(error);
  return outcome.ok ? '' : outcome.kind === 'retry_after' ? `Too Many Requests: retry after ${outcome.seconds}` : outcome.description;
}

/**
 * Runs one Telegram call, waiting out a 429 (`retry_after`) up to `maxWaits` times: a batch of
 * files to one chat can meet the per-chat limit. Other errors are thrown as they are.
 */
export async function withRetryAfter<T>(call: () => Promise<T>, maxWaits = 3): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      const outcome = classifyTelegramError(error);
      if (outcome.ok || outcome.kind !== 'retry_after' || attempt >= maxWaits) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(outcome.seconds, 30) * 1000));
    }
  }
}

/** Whether an error is worth another try later (429, 5xx, network) rather than final. */
export function isRetryableTelegramError(error: unknown): boolean {
  const outcome = classifyTelegramError(error);
  return !outcome.ok && (outcome.kind === 'retry_after' || outcome.kind === 'transient');
}

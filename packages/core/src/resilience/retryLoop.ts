export interface RetryLoopOptions {
  /** Give up once this much time has been spent waiting; default 30 s. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (error: unknown, delayMs: number, attempt: number) => void;
}

/**
 * Runs `fn` until it succeeds, waiting `delayFor(error, attempt)` after each failure; an error
 * for which `delayFor` says undefined, or a wait past `maxWaitMs` in total, is thrown. The one
 * loop behind the Telegram (bot-kit) and the database retry layers, which differ only in what they retry.
 */
export async function retryLoop<T>(fn: () => Promise<T>, delayFor: (error: unknown, attempt: number) => number | undefined, options: RetryLoopOptions = {}): Promise<T> {
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let waited = 0;
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      const delay = delayFor(error, attempt);
      if (delay === undefined || waited + delay > maxWaitMs) throw error;
      options.onRetry?.(error, delay, attempt);
      await sleep(delay);
      waited += delay;
    }
  }
}

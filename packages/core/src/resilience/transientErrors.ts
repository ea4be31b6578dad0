import { classifyTelegramError } from '../broadcast/classifyTelegramError';
import { isTransientDatabaseError } from '../db/databaseRetry';
import { retryLoop, type RetryLoopOptions } from './retryLoop';

/** How long to wait before trying again, or undefined when trying again cannot help. */
export function retryDelayMs(error: unknown, attempt: number): number | undefined {
  if (isTransientDatabaseError(error)) return Math.min(5000, 500 * 2 ** attempt);
  const hasTelegramShape = typeof error === 'object' && error !== null && ('response' in error || 'on' in error || 'code' in error);
  if (!hasTelegramShape) return undefined;
  const outcome = classifyTelegramError(error);
  if (outcome.ok) return undefined;
  if (outcome.kind === 'retry_after') return outcome.seconds * 1000;
  // Telegraf's network errors (fetch failures) carry no HTTP code and classify as transient;
  // so does a 5xx. Anything else with a 4xx is the request's fault: trying again cannot help.
  if (outcome.kind === 'transient') return Math.min(5000, 500 * 2 ** attempt);
  return undefined;
}

export type RetryOptions = RetryLoopOptions;

/**
 * Runs `fn`, and runs it again after transient failures (a database away for a moment,
 * Telegram's 429 with its `retry_after`, a 5xx or a network error) until it succeeds or
 * `maxWaitMs` of waiting is spent; other errors are thrown at once.
 */
export function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  return retryLoop(fn, retryDelayMs, options);
}

/** The shape of Telegraf's `Telegram` we patch, without importing Telegraf. */
interface ApiClient {
  callApi(method: string, payload: unknown, extra?: unknown): Promise<unknown>;
}

/** Methods that are safe to repeat: sending twice is what we must avoid, so sends retry only on 429/5xx answers that mean "not done". */
const NEVER_RETRY = new Set(['getUpdates']);

/**
 * Makes every Bot API call of a client ride out 429 (waiting `retry_after`), 5xx and network
 * failures, so a handler is not failed — and its update not lost — by a passing Telegram
 * fault. getUpdates is left alone (the poller has its own loop).
 */
export function retryTelegramCalls(client: ApiClient, options: RetryOptions = {}): void {
  // The class's own method, looked up at each call: patching a client twice never stacks two
  // retry layers, and whatever wraps the class (a test's watch) still sees every attempt.
  const proto = Object.getPrototypeOf(client) as ApiClient;
  const original = (method: string, payload: unknown, extra?: unknown) => proto.callApi.call(client, method, payload, extra);
  client.callApi = (method, payload, extra) =>
    NEVER_RETRY.has(method) ? original(method, payload, extra) : withRetries(() => original(method, payload, extra), options);
}

/**
 * Telegraf gives every update its own API client (`ctx.telegram`), so patching the bot's client
 * alone leaves handler replies unprotected. Put this middleware first: it applies
 * {@link retryTelegramCalls} to each update's client.
 */
export function retryTelegramCallsPerUpdate(options: RetryOptions = {}) {
  return async (ctx: { telegram: unknown }, next: () => Promise<void>): Promise<void> => {
    retryTelegramCalls(ctx.telegram as ApiClient, options);
    await next();
  };
}

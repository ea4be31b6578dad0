import { AsyncLocalStorage } from 'node:async_hooks';
import { isAbandoned, UpdateAbandonedError } from '../polling/abandonedUpdates';
import type { Context, Telegraf } from 'telegraf';
import { retryLoop } from '@motherbot/core';
import { classifyTelegramError } from '../telegramErrors/classifyTelegramError';

/** How long to wait before trying a Telegram call again, or undefined when trying again cannot help. */
export function telegramRetryDelayMs(error: unknown, attempt: number): number | undefined {
  const outcome = classifyTelegramError(error);
  if (outcome.ok) return undefined;
  if (outcome.kind === 'retry_after') return outcome.seconds * 1000;
  // Telegraf's network errors (fetch failures) carry no HTTP code and classify as transient;
  // so does a 5xx. Anything else with a 4xx is the request's fault: trying again cannot help.
  if (outcome.kind === 'transient') return Math.min(5000, 500 * 2 ** attempt);
  return undefined;
}

export interface TelegramRetryOptions {
  /** The bot's Telegraf `handlerTimeout`: one update's retries wait half of it at most. */
  handlerTimeoutMs: number;
  /** The most one call may wait in all outside an update (jobs, broadcasts, alerts); default 30 s. */
  maxWaitMs?: number;
  onRetry?: (error: unknown, delayMs: number) => void;
}

/** The shape of Telegraf's `Telegram` we patch. */
interface ApiClient {
  callApi(method: string, payload: unknown, extra?: unknown): Promise<unknown>;
}

/** What one update may still wait, until the update's handler timeout has passed. */
interface UpdateBudget {
  leftMs: number;
  until: number;
  /** The bot and update this budget belongs to: an update its poller left to be redelivered may no longer call Telegram. */
  bot: object;
  updateId: number | undefined;
}

/** getUpdates is left alone: the poller has its own loop. */
const NEVER_RETRY = new Set(['getUpdates']);

const updateBudgets = new AsyncLocalStorage<UpdateBudget>();

/**
 * The one retry layer for a bot's Telegram calls: every Bot API call, through the bot's own
 * client or an update's (`ctx.telegram`, a new client per update), rides out 429 (waiting
 * `retry_after`), 5xx and network failures, so a handler is not failed — and its update not
 * lost — by a passing Telegram fault. Call once, right after creating the bot: it patches the
 * bot's client and puts a middleware first that patches each update's client.
 *
 * Worst case: the waits of all the calls one update makes (on any client, replies and
 * deliveries alike) add up to half the handler timeout at most (and never to more than
 * `maxWaitMs`): the update carries one budget, and a wait that would overdraw it is not taken
 * (the call's error is thrown at once). Retries alone therefore never push a handler past
 * Telegraf's `handlerTimeout`; the other half is left for the calls themselves and the
 * handler's own work. Outside an update — or once its handler timeout has passed, for work an
 * update started and left running (a broadcast) — a call may wait up to `maxWaitMs` on its own.
 * Guarded by retryTelegramCalls.test.ts.
 */
export function retryTelegramCalls<C extends Context>(bot: Telegraf<C>, options: TelegramRetryOptions): void {
  const maxWaitMs = options.maxWaitMs ?? 30_000;
  const perUpdateMs = Math.min(maxWaitMs, Math.floor(options.handlerTimeoutMs / 2));
  patchClient(bot.telegram as unknown as ApiClient, maxWaitMs, options.onRetry);
  bot.use((ctx, next) => {
    patchClient(ctx.telegram as unknown as ApiClient, maxWaitMs, options.onRetry);
    return updateBudgets.run({ leftMs: perUpdateMs, until: Date.now() + options.handlerTimeoutMs, bot, updateId: ctx.update?.update_id }, next);
  });
}

function patchClient(client: ApiClient, maxWaitMs: number, onRetry?: (error: unknown, delayMs: number) => void): void {
  // The class's own method, looked up at each call: patching a client twice never stacks two
  // retry layers, and whatever wraps the class (a test's watch) still sees every attempt.
  const proto = Object.getPrototypeOf(client) as ApiClient;
  const original = (method: string, payload: unknown, extra?: unknown) => proto.callApi.call(client, method, payload, extra);
  client.callApi = (method, payload, extra) => {
    if (NEVER_RETRY.has(method)) return original(method, payload, extra);
    const budget = updateBudgets.getStore();
    if (budget && isAbandoned(budget.bot, budget.updateId)) return Promise.reject(new UpdateAbandonedError(method, budget.updateId!));
    const inUpdate = budget !== undefined && Date.now() < budget.until ? budget : undefined;
    const delayFor = (error: unknown, attempt: number): number | undefined => {
      const delayMs = telegramRetryDelayMs(error, attempt);
      if (delayMs === undefined || !inUpdate) return delayMs;
      if (delayMs > inUpdate.leftMs) return undefined;
      inUpdate.leftMs -= delayMs;
      return delayMs;
    };
    return retryLoop(() => original(method, payload, extra), delayFor, { maxWaitMs, onRetry });
  };
}

/**
 * What a Bot API method handler gets: the calling bot, its parameters and the shared
 * services. Handlers return the `result` or throw an `ApiError`.
 */
import type { World, BotRecord } from '../state/world';
import type { Params } from './params';
import type { FloodLimiter } from './flood';
import type { PendingAnswers } from '../state/pending';
import type { Stats } from '../state/stats';
import type { TgMessage } from '../state/types';

export interface CallbackAnswer { text?: string; show_alert?: boolean; url?: string; cache_time?: number }
export interface PreCheckoutAnswer { ok: boolean; error_message?: string }

export interface StarCharge {
  chargeId: string;
  botId: number;
  userId: number;
  amount: number;
  payload: string;
  refunded: boolean;
  /** The successful_payment message and its chat, for redelivery. */
  message: TgMessage;
}

/** Shared, long-lived pieces the methods use. Created once per sandbox. */
export interface Services {
  world: World;
  flood: FloodLimiter;
  stats: Stats;
  callbackAnswers: PendingAnswers<CallbackAnswer>;
  preCheckoutAnswers: PendingAnswers<PreCheckoutAnswer>;
  charges: Map<string, StarCharge>;
  /** Starts delivering a bot's queue to its webhook (no-op without one). */
  kickWebhook(bot: BotRecord): void;
  /** Aborted when the sandbox stops. */
  stopping: AbortSignal;
}

export interface MethodContext extends Services {
  bot: BotRecord;
  params: Params;
  /** Aborted when the client disconnects or the sandbox stops. */
  signal: AbortSignal;
}

export type MethodHandler = (ctx: MethodContext) => unknown;

import type { Context, MiddlewareFn } from 'telegraf';
import { answerCallback } from '../screens/callbackAnswers';
import { UserRateLimiter } from './userRateLimiter';

/** A text, or how to write it for this update (in the user's language). */
export type UpdateText = string | ((ctx: Context) => string);
const textFor = (text: UpdateText, ctx: Context): string => (typeof text === 'function' ? text(ctx) : text);

export interface UserRateLimitOptions {
  /** Updates a user may send a minute (USER_RATE_PER_MINUTE). */
  perMinute: number;
  /** Which updates count (and can be dropped); default every update that has a sender. */
  counts?: (ctx: Context) => boolean;
  /** Users never limited (admins, a clone's managers); asked only once a user is over the limit, so it may be slow. */
  isExempt?: (userId: number) => boolean | Promise<boolean>;
  /** The first time in a minute: a message is answered with `message` (in private chats), a button press with `button`. */
  warning: { message: UpdateText; button: UpdateText };
  /** What a later press within the minute is answered with; '' ends its spinner silently. Later messages get nothing. */
  laterPress: UpdateText;
}

/**
 * Keeps one flooding user from slowing everyone else: over `perMinute` counted updates a
 * minute, updates are dropped, the first drop says so. Runs before any database work and
 * before the per-user queue, so a flood costs the others nothing.
 */
export function userRateLimit(options: UserRateLimitOptions): MiddlewareFn<Context> {
  const limiter = new UserRateLimiter(options.perMinute);
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || (options.counts && !options.counts(ctx))) return next();
    const verdict = limiter.hit(userId);
    if (verdict === 'allowed' || (await options.isExempt?.(userId))) return next();
    if (ctx.callbackQuery) return answerCallback(ctx, textFor(verdict === 'warn' ? options.warning.button : options.laterPress, ctx) || undefined);
    if (verdict === 'warn' && ctx.chat?.type === 'private') await ctx.reply(textFor(options.warning.message, ctx)).catch(() => undefined);
  };
}

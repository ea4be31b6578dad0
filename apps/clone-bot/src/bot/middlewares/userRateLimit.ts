import type { Context, MiddlewareFn } from 'telegraf';
import { UserRateLimiter } from '../services/userRateLimiter';

/**
 * Cuts off one user who sends more than `perMinute` updates a minute: told once, then ignored
 * until the minute is over. Managers (owner, clone admins) are not limited. Runs before the
 * per-user queue and before any database work, so a flood costs the others nothing.
 */
export function userRateLimit(perMinute: number, isManager: (userId: number) => Promise<boolean>): MiddlewareFn<Context> {
  const limiter = new UserRateLimiter(perMinute);
  return async (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined || ctx.updateType === 'my_chat_member') return next();
    const verdict = limiter.hit(userId);
    if (verdict === 'allowed' || (await isManager(userId))) return next();
    if (verdict === 'drop') {
      if (ctx.callbackQuery) await ctx.answerCbQuery().catch(() => undefined);
      return;
    }
    const text = 'You are sending too fast. Please wait a minute and try again.';
    if (ctx.callbackQuery) await ctx.answerCbQuery(text).catch(() => undefined);
    else await ctx.reply(text).catch(() => undefined);
  };
}

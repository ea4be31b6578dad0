import type { Context, MiddlewareFn } from 'telegraf';

/**
 * A fixed one-minute window per user. Pure and clock-injected, so it is tested without a bot.
 * `hit` answers whether this event is allowed and whether to tell the user (once per window).
 */
export class UserRateLimiter {
  private readonly windows = new Map<number, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(userId: number): { allowed: boolean; warn: boolean } {
    const t = this.now();
    let w = this.windows.get(userId);
    if (!w || t - w.start >= 60_000) {
      w = { start: t, count: 0 };
      this.windows.set(userId, w);
      if (this.windows.size > 10_000) this.windows.delete(this.windows.keys().next().value as number);
    }
    w.count += 1;
    return { allowed: w.count <= this.perMinute, warn: w.count === this.perMinute + 1 };
  }
}

/**
 * Keeps one flooding user from slowing everyone else: over USER_RATE_PER_MINUTE messages and
 * button presses a minute, updates are dropped (the first drop says so). Payments
 * (pre-checkout, successful_payment) and admins are never limited.
 */
export function rateLimit(perMinute: number, isAdmin: (id: number) => boolean): MiddlewareFn<Context> {
  const limiter = new UserRateLimiter(perMinute);
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || isAdmin(from.id) || ctx.preCheckoutQuery) return next();
    if ((ctx.message as { successful_payment?: unknown } | undefined)?.successful_payment) return next();
    if (!ctx.message && !ctx.callbackQuery) return next();
    const { allowed, warn } = limiter.hit(from.id);
    if (allowed) return next();
    if (ctx.callbackQuery) await ctx.answerCbQuery('Slow down a little, please.').catch(() => undefined);
    else if (warn && ctx.chat?.type === 'private') await ctx.reply('You are sending too fast. Wait a minute, please.').catch(() => undefined);
  };
}

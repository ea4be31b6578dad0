import type { Context, MiddlewareFn } from 'telegraf';
import { KeyedQueue } from '@motherbot/core';

/** Handles one user's updates one after another, in order; different users in parallel. */
export function perUserQueue(): MiddlewareFn<Context> {
  const queue = new KeyedQueue<number>();
  return (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) return next();
    return queue.run(userId, () => next());
  };
}

import type { Context, MiddlewareFn } from 'telegraf';
import type { Audience } from '../../data/audience';

/**
 * Records who uses the clone (the audience of its broadcasts, the "users" of its stats) without
 * a database call on the update: the audience buffers it. `my_chat_member` says whether the
 * user blocked the bot ("kicked") or came back ("member"); such an update needs nothing else.
 * A `chat_join_request` has a sender too, but asking to join a channel the bot administers is
 * not using the bot: that person is no user (not counted, not in broadcasts, nothing stored).
 */
export function trackUsers(audience: Audience): MiddlewareFn<Context> {
  return async (ctx, next) => {
    const from = ctx.from;
    if (!from || 'chat_join_request' in ctx.update) return next();
    if (ctx.myChatMember) {
      const status = ctx.myChatMember.new_chat_member.status;
      audience.setBlocked(from.id, status === 'kicked' || status === 'left');
      return;
    }
    audience.seen(from);
    return next();
  };
}

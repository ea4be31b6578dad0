import type { Context, MiddlewareFn } from 'telegraf';

/**
 * The clone bot talks to people in private chats only. Messages and button presses from
 * private chats go on, and so do pre-checkout queries (they have no chat: the payer asks);
 * so do the posts of the one channel the owner connected for indexing (`isIndexChannel`), and
 * only those. Every other update (posts of any other channel, a storage channel's posts, group
 * messages, edits, reactions, inline queries, …) is ignored quietly.
 */
export function privateUpdatesOnly(isIndexChannel: (chatId: number) => Promise<boolean>): MiddlewareFn<Context> {
  return async (ctx, next) => {
    // `in`, not ctx.updateType: an update of no known kind (`{}`) makes updateType throw.
    if ('channel_post' in ctx.update) {
      if (ctx.chat?.type === 'channel' && (await isIndexChannel(ctx.chat.id))) return next();
      return;
    }
    if (!ctx.from || ctx.from.is_bot) return;
    if (ctx.updateType === 'pre_checkout_query') return next();
    // A join request to a channel: the force-subscribe gate keeps those of its own join-request channels.
    if (ctx.updateType === 'chat_join_request') return next();
    if (ctx.chat?.type !== 'private') return;
    if (ctx.updateType !== 'message' && ctx.updateType !== 'callback_query' && ctx.updateType !== 'my_chat_member') return;
    await next();
  };
}

import type { Context, MiddlewareFn } from 'telegraf';

/**
 * The clone bot talks to people in private chats only. Messages and button presses from
 * private chats go on, and so do pre-checkout queries (they have no chat: the payer asks);
 * every other update (channel posts in a storage channel, group messages, edits, reactions,
 * inline queries, …) is ignored quietly.
 */
export const privateUpdatesOnly: MiddlewareFn<Context> = async (ctx, next) => {
  if (!ctx.from || ctx.from.is_bot) return;
  if (ctx.updateType === 'pre_checkout_query') return next();
  if (ctx.chat?.type !== 'private') return;
  if (ctx.updateType !== 'message' && ctx.updateType !== 'callback_query' && ctx.updateType !== 'my_chat_member') return;
  await next();
};

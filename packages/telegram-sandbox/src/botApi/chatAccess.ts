/**
 * Which chat a `chat_id` names for the calling bot, and whether the bot may read or post
 * there. Private chats are per bot (the same user id is a different chat for each bot).
 */
import type { MethodContext } from './context';
import type { Conversation, GroupRecord, MemberStatus } from '../state/world';
import { badRequest, chatNotFound, forbidden } from './errors';

export function findGroup(ctx: MethodContext, chatId: number | string): GroupRecord | undefined {
  return typeof chatId === 'string' ? ctx.world.groupByUsername(chatId) : ctx.world.groups.get(chatId);
}

export function botStatus(group: GroupRecord, botId: number): MemberStatus {
  return group.members.get(botId) ?? 'left';
}

/** The conversation a bot may post into, or the Telegram error for why it may not. */
export function chatForSending(ctx: MethodContext, chatId: number | string): Conversation {
  if (typeof chatId === 'number' && chatId > 0) {
    const user = ctx.world.users.get(chatId);
    if (!user) throw chatNotFound();
    if (user.blocked.has(ctx.bot.id)) throw forbidden('bot was blocked by the user');
    if (!user.started.has(ctx.bot.id)) throw forbidden("bot can't initiate conversation with a user");
    return ctx.world.privateConversation(ctx.bot.id, chatId);
  }
  const group = findGroup(ctx, chatId);
  if (!group) throw chatNotFound();
  const status = botStatus(group, ctx.bot.id);
  const channel = group.chat.type === 'channel';
  if (status === 'kicked') throw forbidden(`bot was kicked from the ${channel ? 'channel' : 'group'} chat`);
  if (status === 'left') throw forbidden(`bot is not a member of the ${channel ? 'channel' : 'group'} chat`);
  if (channel && status === 'member') throw badRequest('need administrator rights in the channel chat');
  return ctx.world.groupConversation(group.chat.id)!;
}

/** The conversation a bot may read from (forward/copy source, edits, deletions). */
export function chatForReading(ctx: MethodContext, chatId: number | string): Conversation {
  if (typeof chatId === 'number' && chatId > 0) {
    const conv = ctx.world.conversations.get(`p:${ctx.bot.id}:${chatId}`);
    if (!conv) throw chatNotFound();
    return conv;
  }
  const group = findGroup(ctx, chatId);
  if (!group) throw chatNotFound();
  const status = botStatus(group, ctx.bot.id);
  if (status === 'left' || status === 'kicked') throw chatNotFound();
  return ctx.world.groupConversation(group.chat.id)!;
}

/** getChat, getChatMember, getChatAdministrators, getChatMemberCount. */
import type { MethodContext, MethodHandler } from '../context';
import type { GroupRecord, MemberStatus } from '../../state/world';
import type { TgUser } from '../../state/types';
import { badRequest, chatNotFound } from '../errors';
import { botStatus, findGroup } from '../chatAccess';

function userById(ctx: MethodContext, id: number): TgUser | undefined {
  return ctx.world.users.get(id)?.user ?? ctx.world.bots.get(id)?.user;
}

/** A ChatMember object in the shape Telegram uses for each status. */
export function chatMember(user: TgUser, status: MemberStatus, channel: boolean): Record<string, unknown> {
  if (status === 'creator') return { status, user, is_anonymous: false };
  if (status === 'kicked') return { status, user, until_date: 0 };
  if (status !== 'administrator') return { status, user };
  const rights: Record<string, unknown> = {
    status, user, can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
    can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
    can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
  };
  if (channel) Object.assign(rights, { can_post_messages: true, can_edit_messages: true });
  else Object.assign(rights, { can_pin_messages: true, can_manage_topics: false });
  return rights;
}

/** A group the bot may look into: it is in it, or it is public. */
function visibleGroup(ctx: MethodContext): GroupRecord {
  const group = findGroup(ctx, ctx.params.chatId());
  if (!group) throw chatNotFound();
  const status = botStatus(group, ctx.bot.id);
  if ((status === 'left' || status === 'kicked') && !group.chat.username) throw chatNotFound();
  return group;
}

const getChat: MethodHandler = (ctx) => {
  const chatId = ctx.params.chatId();
  const common = { accent_color_id: 0, max_reaction_count: 11 };
  if (typeof chatId === 'number' && chatId > 0) {
    const conv = ctx.world.conversations.get(`p:${ctx.bot.id}:${chatId}`);
    if (!conv) throw chatNotFound();
    return { ...conv.chat, ...common };
  }
  const group = visibleGroup(ctx);
  return { ...group.chat, ...common };
};

const getChatMember: MethodHandler = (ctx) => {
  const chatId = ctx.params.chatId();
  const userId = ctx.params.reqInt('user_id', 'user_id is empty');
  const user = userById(ctx, userId);
  if (typeof chatId === 'number' && chatId > 0) {
    if (!ctx.world.conversations.has(`p:${ctx.bot.id}:${chatId}`)) throw chatNotFound();
    if (!user) throw badRequest('user not found');
    return chatMember(user, userId === chatId || userId === ctx.bot.id ? 'member' : 'left', false);
  }
  const group = visibleGroup(ctx);
  const channel = group.chat.type === 'channel';
  const mine = botStatus(group, ctx.bot.id);
  if (channel && mine !== 'administrator' && mine !== 'creator') throw badRequest('member list is inaccessible');
  if (!user) throw badRequest('user not found');
  return chatMember(user, group.members.get(userId) ?? 'left', channel);
};

const getChatAdministrators: MethodHandler = (ctx) => {
  const group = visibleGroup(ctx);
  const channel = group.chat.type === 'channel';
  const mine = botStatus(group, ctx.bot.id);
  if (channel && mine !== 'administrator' && mine !== 'creator') throw badRequest('member list is inaccessible');
  const out: Record<string, unknown>[] = [];
  for (const [id, status] of group.members) {
    const user = userById(ctx, id);
    if (user && (status === 'creator' || status === 'administrator')) out.push(chatMember(user, status, channel));
  }
  return out;
};

const getChatMemberCount: MethodHandler = (ctx) => {
  const group = visibleGroup(ctx);
  return [...group.members.values()].filter((s) => s !== 'left' && s !== 'kicked').length;
};

export const chatMethods: Record<string, MethodHandler> = { getChat, getChatMember, getChatAdministrators, getChatMemberCount };

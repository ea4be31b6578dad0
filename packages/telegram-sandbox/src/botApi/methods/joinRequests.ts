/** createChatInviteLink (with creates_join_request), approveChatJoinRequest, declineChatJoinRequest. */
import { randomBytes } from 'node:crypto';
import type { MethodContext, MethodHandler } from '../context';
import type { GroupRecord } from '../../state/world';
import { joinRequestsOf, pendingKey } from '../../state/joinRequests';
import { badRequest, chatNotFound } from '../errors';
import { botStatus, findGroup } from '../chatAccess';

/** The group the calling bot administers (Telegram: "not enough rights" otherwise). */
function administered(ctx: MethodContext): GroupRecord {
  const group = findGroup(ctx, ctx.params.chatId());
  if (!group) throw chatNotFound();
  const status = botStatus(group, ctx.bot.id);
  if (status !== 'administrator' && status !== 'creator') throw badRequest('not enough rights to manage chat invite links');
  return group;
}

const createChatInviteLink: MethodHandler = (ctx) => {
  const group = administered(ctx);
  const createsJoinRequest = ctx.params.bool('creates_join_request') ?? false;
  if (createsJoinRequest && ctx.params.int('member_limit') !== undefined) throw badRequest("member_limit can't be specified for links requiring administrator approval");
  const name = ctx.params.str('name');
  if (name !== undefined && name.length > 32) throw badRequest('invite link name is too long');
  const link = {
    invite_link: `https://t.me/+${randomBytes(12).toString('base64url')}`,
    chatId: group.chat.id,
    creatorBotId: ctx.bot.id,
    creates_join_request: createsJoinRequest,
    ...(name ? { name } : {}),
    is_revoked: false,
  };
  joinRequestsOf(ctx.world).links.set(link.invite_link, link);
  return { invite_link: link.invite_link, creator: ctx.bot.user, creates_join_request: createsJoinRequest, is_primary: false, is_revoked: false, ...(name ? { name } : {}) };
};

function answerRequest(approve: boolean): MethodHandler {
  return (ctx) => {
    const group = administered(ctx);
    const userId = ctx.params.reqInt('user_id', 'user_id is empty');
    const store = joinRequestsOf(ctx.world);
    const key = pendingKey(group.chat.id, userId);
    if (!store.pending.has(key)) throw badRequest('HIDE_REQUESTER_MISSING');
    store.pending.delete(key);
    if (approve) group.members.set(userId, 'member');
    return true;
  };
}

export const joinRequestMethods: Record<string, MethodHandler> = {
  createChatInviteLink,
  approveChatJoinRequest: answerRequest(true),
  declineChatJoinRequest: answerRequest(false),
};

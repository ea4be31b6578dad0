/**
 * A user opens an invite link: a link that creates join requests queues `chat_join_request` to
 * every bot administering the chat (the user stays outside until one approves); any other link
 * makes the user a member at once.
 */
import type { Services } from '../botApi/context';
import type { UserRecord } from '../state/world';
import { joinRequestsOf, pendingKey } from '../state/joinRequests';
import { SandboxError } from './refs';

export interface JoinOutcome {
  status: 'requested' | 'joined';
  chatId: number;
}

export function openInviteLink(s: Services, user: UserRecord, inviteLink: string): JoinOutcome {
  const store = joinRequestsOf(s.world);
  const link = store.links.get(inviteLink);
  if (!link || link.is_revoked) throw new SandboxError(`no invite link ${inviteLink}`);
  const group = s.world.groups.get(link.chatId);
  if (!group) throw new SandboxError(`no group or channel ${link.chatId}`);
  const current = group.members.get(user.user.id);
  if (current === 'member' || current === 'administrator' || current === 'creator') return { status: 'joined', chatId: group.chat.id };
  if (!link.creates_join_request) {
    group.members.set(user.user.id, 'member');
    return { status: 'joined', chatId: group.chat.id };
  }
  store.pending.set(pendingKey(group.chat.id, user.user.id), link);
  const date = Math.floor(Date.now() / 1000);
  const inviteLinkObject = { invite_link: link.invite_link, creator: s.world.bots.get(link.creatorBotId)?.user, creates_join_request: true, is_primary: false, is_revoked: false, ...(link.name ? { name: link.name } : {}) };
  for (const [id, status] of group.members) {
    const bot = s.world.bots.get(id);
    if (!bot || (status !== 'administrator' && status !== 'creator')) continue;
    bot.queue.push('chat_join_request', { chat: group.chat, from: user.user, user_chat_id: user.user.id, date, invite_link: inviteLinkObject });
  }
  return { status: 'requested', chatId: group.chat.id };
}

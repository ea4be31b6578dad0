import { CLONE_SETTINGS_LIMITS, escapeHtml } from '@motherbot/core';
import { telegramDescription } from '@motherbot/bot-kit';
import { parseChatRef } from './chatRef';
import type { InputResult, TypedValue } from './inputTypes';
import { storageView } from './views';
import { forceSubScreen } from './formattedTextViews';

/**
 * A channel the owner named (typed, or a forwarded post): checked with Telegram, then saved as
 * a force-subscribe channel or as the storage channel. The storage channel needs this bot as an
 * administrator; a force-subscribe channel without it is saved with a warning.
 */
export async function addChat({ rt, ctx, text, forwarded }: TypedValue, awaiting: 'channel' | 'storage'): Promise<InputResult> {
  const parsed = forwarded?.type === 'channel' ? { ref: forwarded.chat.id, inviteLink: null } : parseChatRef(text);
  if (!parsed) return { done: false, error: 'Send @channelname, a t.me/channelname link or the numeric id (like -1001234567890).' };
  let chat: { id: number; title?: string; username?: string; invite_link?: string; type: string };
  try {
    chat = (await rt.telegram.getChat(parsed.ref)) as typeof chat;
  } catch (error) {
    return { done: false, error: `Telegram cannot find that chat (${telegramDescription(error)}). Add this bot to it as an administrator first.` };
  }
  if (chat.type !== 'channel' && chat.type !== 'supergroup' && chat.type !== 'group') return { done: false, error: 'That is not a channel or group.' };
  const title = chat.title ?? String(chat.id);
  let isAdmin = false;
  try {
    const me = await rt.telegram.getChatMember(chat.id, ctx.botInfo.id);
    isAdmin = me.status === 'administrator' || me.status === 'creator';
  } catch {
    isAdmin = false;
  }
  const s0 = await rt.settings.get();
  if (awaiting === 'storage') {
    if (!isAdmin) return { done: false, error: `This bot is not an administrator of ${title}. Make it one (with "Post messages"), then send the channel again.` };
    const s = await rt.settings.update({ storageChannelId: chat.id });
    return { done: true, note: `New uploads will be copied to <b>${escapeHtml(title)}</b>.`, screen: storageView(s) };
  }
  const joinUrl = parsed.inviteLink ?? (chat.username ? `https://t.me/${chat.username}` : chat.invite_link ?? null);
  if (!joinUrl) return { done: false, error: `${title} is private: send its id followed by an invite link, e.g. ${chat.id} https://t.me/+AbCdEf123` };
  const others = s0.forceSubChannels.filter((c) => c.chatId !== chat.id);
  if (others.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax) return { done: false, error: `At most ${CLONE_SETTINGS_LIMITS.forceSubChannelsMax} channels.` };
  const s = await rt.settings.update({ forceSubChannels: [...others, { chatId: chat.id, title: title.slice(0, 128), joinUrl }] });
  const warning = isAdmin ? '' : '\n\n⚠️ This bot is not an administrator there, so it cannot check who joined. Make it an administrator, or users will get files without the check.';
  return { done: true, note: `Users must now join <b>${escapeHtml(title)}</b>.${warning}`, screen: forceSubScreen(s) };
}

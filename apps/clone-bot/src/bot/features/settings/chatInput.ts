import { CLONE_SETTINGS_LIMITS, escapeHtml } from '@motherbot/core';
import { telegramDescription } from '@motherbot/bot-kit';
import { parseChatRef } from './chatRef';
import type { InputResult, TypedValue } from './inputTypes';
import { tr } from '../../../i18n/texts';
import { storageView } from './views';
import { forceSubScreen } from './formattedTextViews';

/**
 * A channel the owner named (typed, or a forwarded post): checked with Telegram, then saved as
 * a force-subscribe channel or as the storage channel. The storage channel needs this bot as an
 * administrator; a force-subscribe channel without it is saved with a warning.
 */
export async function addChat({ rt, ctx, text, forwarded }: TypedValue, awaiting: 'channel' | 'storage'): Promise<InputResult> {
  const t = tr(ctx);
  const parsed = forwarded?.type === 'channel' ? { ref: forwarded.chat.id, inviteLink: null } : parseChatRef(text);
  if (!parsed) return { done: false, error: t('settings.chatRefInvalid') };
  let chat: { id: number; title?: string; username?: string; invite_link?: string; type: string };
  try {
    chat = (await rt.telegram.getChat(parsed.ref)) as typeof chat;
  } catch (error) {
    return { done: false, error: t('settings.chatNotFound', { reason: telegramDescription(error) }) };
  }
  if (chat.type !== 'channel' && chat.type !== 'supergroup' && chat.type !== 'group') return { done: false, error: t('settings.notAChannel') };
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
    if (!isAdmin) return { done: false, error: t('settings.storageNotAdmin', { title }) };
    const s = await rt.settings.update({ storageChannelId: chat.id });
    return { done: true, note: t('settings.storageSet', { title: escapeHtml(title) }), screen: storageView(s, t) };
  }
  const joinUrl = parsed.inviteLink ?? (chat.username ? `https://t.me/${chat.username}` : chat.invite_link ?? null);
  if (!joinUrl) return { done: false, error: t('settings.channelPrivate', { title, id: chat.id }) };
  const others = s0.forceSubChannels.filter((c) => c.chatId !== chat.id);
  if (others.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax) return { done: false, error: t('settings.atMostChannels', { max: CLONE_SETTINGS_LIMITS.forceSubChannelsMax }) };
  const s = await rt.settings.update({ forceSubChannels: [...others, { chatId: chat.id, title: title.slice(0, 128), joinUrl }] });
  const warning = isAdmin ? '' : `\n\n${t('settings.channelNotAdmin')}`;
  return { done: true, note: `${t('settings.channelAdded', { title: escapeHtml(title) })}${warning}`, screen: forceSubScreen(s, t) };
}

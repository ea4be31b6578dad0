import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, telegramDescription, type Screen } from '@motherbot/bot-kit';
import { cloneTexts, tr, type CloneTranslate } from '../../i18n/texts';
import { cb } from '../services/callbackData';
import { parseChatRef } from './settings/chatRef';
import type { InputResult, TypedValue } from './settings/inputTypes';

/** The connected channel as owners read it: its title and a link to it. */
const channelLabel = (c: NonNullable<CloneSettingsDoc['indexChannel']>): string =>
  c.username ? `${escapeHtml(c.title)} (@${escapeHtml(c.username)})` : `${escapeHtml(c.title)} <code>${c.chatId}</code>`;

/** The settings screen of the indexed channel, in the manager's language. */
export function indexChannelView(s: CloneSettingsDoc, t: CloneTranslate = cloneTexts.forLocale('en')): Screen {
  const now = s.indexChannel ? channelLabel(s.indexChannel) : t('channelIndex.view.none');
  return {
    text: `${t('channelIndex.view.title')}\n${t('channelIndex.view.about')}\n\n${t('channelIndex.view.now', { channel: now })}`,
    keyboard: inlineKeyboard([
      [button(t('channelIndex.button.set'), cb.settings('idxSet')), ...(s.indexChannel ? [button(t('channelIndex.button.off'), cb.settings('idxOff'))] : [])],
      [button(t('channelIndex.button.back'), cb.settings('main'))],
    ]),
  };
}

/**
 * The channel the owner named (a forwarded post, its @username or id), checked with Telegram:
 * it must be a channel and this bot an administrator there (the bot receives its posts and
 * reads older ones only then). Otherwise the owner is told exactly what to do.
 */
export async function connectIndexChannel({ rt, ctx, text, forwarded }: TypedValue): Promise<InputResult> {
  const t = tr(ctx);
  const bot = rt.deps.botUsername;
  const ref = forwarded?.type === 'channel' ? forwarded.chat.id : parseChatRef(text)?.ref;
  if (ref === undefined) return { done: false, error: t('channelIndex.input.invalid') };
  let chat: { id: number; type: string; title?: string; username?: string };
  try {
    chat = (await rt.telegram.getChat(ref)) as typeof chat;
  } catch (error) {
    return { done: false, error: t('channelIndex.input.notFound', { reason: telegramDescription(error), bot }) };
  }
  if (chat.type !== 'channel') return { done: false, error: t('channelIndex.input.notChannel') };
  const title = (chat.title ?? String(chat.id)).slice(0, 128);
  const status = await rt.telegram.getChatMember(chat.id, ctx.botInfo.id).then((m) => m.status, () => 'unknown');
  if (status !== 'administrator' && status !== 'creator') return { done: false, error: t('channelIndex.input.notAdmin', { bot, channel: title }) };
  const s = await rt.settings.update({ indexChannel: { chatId: chat.id, title, username: chat.username ?? null } });
  return { done: true, note: t('channelIndex.input.saved', { channel: escapeHtml(title) }), screen: indexChannelView(s, t) };
}

import { CLONE_SETTINGS_LIMITS, escapeHtml, type FormattedTextTarget } from '@motherbot/core';
import { telegramDescription } from '@motherbot/bot-kit';
import type { Message } from 'telegraf/types';
import { entitiesToHtml } from '../../services/entitiesToHtml';
import { MESSAGE_TEXT_MAX } from '../../services/ownerTexts';
import { fillPersonHtml, worstCaseTextLength } from '../../welcomeText';
import { tr, type CloneTextKey } from '../../../i18n/texts';
import { parseChatRef } from './chatRef';
import type { InputResult, TypedValue } from './inputTypes';
import type { SettingInput } from './settingInputs';
import { forceSubScreen, previewScreen } from './formattedTextViews';

/**
 * A formatted text typed by the owner: turned into safe HTML from the message's own entities,
 * checked against Telegram's limit with every placeholder at its longest, kept as a draft and
 * shown as users will see it, with Save and Cancel (settingActions: draftSave, draftCancel).
 */
function formattedText(target: FormattedTextTarget, promptKey: CloneTextKey): SettingInput {
  return {
    prompt: (t) => t(promptKey, { max: MESSAGE_TEXT_MAX }),
    accept: async ({ rt, ctx, text }: TypedValue): Promise<InputResult> => {
      const t = tr(ctx);
      if (!text.trim()) return { done: false, error: t('welcome.empty') };
      const entities = (ctx.message as Message.TextMessage | undefined)?.entities ?? [];
      const html = entitiesToHtml(text, entities);
      const length = worstCaseTextLength(html);
      if (length > MESSAGE_TEXT_MAX) return { done: false, error: t('welcome.tooLong', { length, max: MESSAGE_TEXT_MAX }) };
      await rt.settings.update({ formattedDraft: { target, html } });
      return { done: true, note: t('welcome.preview', { name: escapeHtml(ctx.from!.first_name) }), screen: previewScreen(fillPersonHtml(html, ctx.from!), t) };
    },
  };
}

/**
 * A force-subscribe channel of the join-request kind: this bot makes the invite link itself
 * (createChatInviteLink with creates_join_request), so it must be an administrator with the
 * right to invite users; a request a user makes through it counts as joined.
 */
async function addRequestChannel({ rt, ctx, text, forwarded }: TypedValue): Promise<InputResult> {
  const t = tr(ctx);
  const parsed = forwarded?.type === 'channel' ? { ref: forwarded.chat.id } : parseChatRef(text);
  if (!parsed) return { done: false, error: t('forceSubscribe.badRef') };
  let chat: { id: number; title?: string; type: string };
  try {
    chat = (await rt.telegram.getChat(parsed.ref)) as typeof chat;
  } catch (error) {
    return { done: false, error: t('forceSubscribe.notFound', { description: telegramDescription(error) }) };
  }
  if (chat.type !== 'channel' && chat.type !== 'supergroup' && chat.type !== 'group') return { done: false, error: t('forceSubscribe.notChannel') };
  const title = (chat.title ?? String(chat.id)).slice(0, 128);
  const me = (await rt.telegram.getChatMember(chat.id, ctx.botInfo.id).catch(() => null)) as { status: string; can_invite_users?: boolean } | null;
  if (!me || !(me.status === 'creator' || (me.status === 'administrator' && me.can_invite_users))) return { done: false, error: t('forceSubscribe.needAdmin', { title }) };
  const s0 = await rt.settings.get();
  const others = s0.forceSubChannels.filter((c) => c.chatId !== chat.id);
  if (others.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax) return { done: false, error: t('forceSubscribe.full', { max: CLONE_SETTINGS_LIMITS.forceSubChannelsMax }) };
  let joinUrl: string;
  try {
    joinUrl = (await rt.telegram.createChatInviteLink(chat.id, { creates_join_request: true, name: `@${rt.deps.botUsername}`.slice(0, 32) })).invite_link;
  } catch (error) {
    return { done: false, error: t('forceSubscribe.linkFailed', { title, description: telegramDescription(error) }) };
  }
  const s = await rt.settings.update({ forceSubChannels: [...others, { chatId: chat.id, title, joinUrl, kind: 'request' }] });
  return { done: true, note: t('forceSubscribe.requestAdded', { title: escapeHtml(title) }), screen: forceSubScreen(s, t) };
}

/** The formatted-text values, the welcome photo's text fallback and the join-request channel. */
export const FORMATTED_TEXT_INPUTS = {
  welcome: formattedText('welcome', 'welcome.prompt'),
  forceSubText: formattedText('forceSub', 'forceSubscribe.textPrompt'),
  verifyText: formattedText('verify', 'verification.textPrompt'),
  // The photo itself is taken by the welcome feature; text while waiting for it is refused here.
  welcomePhoto: {
    prompt: (t) => t('welcome.photoPrompt'),
    accept: async ({ ctx }: TypedValue): Promise<InputResult> => ({ done: false, error: tr(ctx)('welcome.photoNeeded') }),
  },
  requestChannel: { prompt: (t) => t('forceSubscribe.requestPrompt'), accept: addRequestChannel },
} satisfies Record<'welcome' | 'forceSubText' | 'verifyText' | 'welcomePhoto' | 'requestChannel', SettingInput>;

import { Composer, type Context } from 'telegraf';
import type { Message } from 'telegraf/types';

type MessageOrigin = NonNullable<Message.CommonMessage['forward_origin']>;
import { CLONE_SETTINGS_LIMITS, escapeHtml, type OwnerAwaiting } from '@motherbot/core';
import type { CloneRuntime } from '../../context';
import { formatDuration, parseDuration } from '../../services/durations';
import { telegramDescription } from '../../services/telegramErrors';
import { renderWelcome } from '../../welcomeText';
import { parseChatRef } from './chatRef';
import { adminsView, autoDeleteView, channelsView, storageView, welcomeView, type View } from './views';

type Reply = { done: true; view?: View; note?: string } | { done: false; error: string };

/**
 * The value an owner types after pressing a settings button ("send me the new welcome text"):
 * the next message of that owner, unless it is a command (/cancel stops waiting).
 */
export function settingsInputFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();

  composer.on('message', async (ctx, next) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    const forwarded = (ctx.message as { forward_origin?: MessageOrigin }).forward_origin;
    if ((text === undefined && !forwarded) || text?.startsWith('/')) return next();
    if (!(await rt.isManager(ctx.from.id))) return next();
    const session = await rt.data.sessions.get(ctx.from.id);
    if (!session?.awaiting) return next();
    const result = await handle(rt, ctx, session.awaiting, text ?? '', forwarded);
    if (!result.done) return ctx.reply(`${result.error}\nTry again, or /cancel.`);
    await rt.data.sessions.setAwaiting(ctx.from.id, null);
    if (result.note) await ctx.reply(result.note, { parse_mode: 'HTML' });
    if (result.view) await ctx.reply(result.view.text, { parse_mode: 'HTML', ...result.view.keyboard });
  });
  return composer;
}

async function handle(rt: CloneRuntime, ctx: Context, awaiting: OwnerAwaiting, text: string, forwarded: MessageOrigin | undefined): Promise<Reply> {
  switch (awaiting) {
    case 'welcome': {
      const value = text.trim();
      if (!value) return { done: false, error: 'The welcome text cannot be empty.' };
      if (value.length > CLONE_SETTINGS_LIMITS.welcomeTextMax) return { done: false, error: `That is ${value.length} characters; the limit is ${CLONE_SETTINGS_LIMITS.welcomeTextMax}.` };
      const s = await rt.settings.update({ welcomeText: value });
      return { done: true, note: `Saved. Preview:\n\n${renderWelcome(value, ctx.from!)}`, view: welcomeView(s) };
    }
    case 'autodelete': {
      const seconds = parseDuration(text);
      if (seconds === null || seconds > CLONE_SETTINGS_LIMITS.autoDeleteMaxSeconds) return { done: false, error: 'Send a delay like 30s, 10m, 2h or 1d (at most 7 days).' };
      const s = await rt.settings.update({ autoDeleteSeconds: seconds });
      return { done: true, note: seconds === 0 ? 'Auto-delete is off.' : `Delivered files will be deleted after ${formatDuration(seconds)}.`, view: autoDeleteView(s) };
    }
    case 'admin': {
      const id = forwarded?.type === 'user' ? forwarded.sender_user.id : /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0) return { done: false, error: 'That is not a Telegram user id (a number like 123456789).' };
      if (id === rt.deps.ownerId) return { done: false, error: 'That is you, the owner: you already can do everything.' };
      const s0 = await rt.settings.get();
      if (s0.adminIds.includes(id)) return { done: true, note: 'Already a clone admin.', view: adminsView(s0) };
      if (s0.adminIds.length >= CLONE_SETTINGS_LIMITS.adminsMax) return { done: false, error: `At most ${CLONE_SETTINGS_LIMITS.adminsMax} clone admins.` };
      const s = await rt.settings.update({ adminIds: [...s0.adminIds, id] });
      return { done: true, note: `<code>${id}</code> is now a clone admin.`, view: adminsView(s) };
    }
    case 'channel':
    case 'storage':
      return addChat(rt, ctx, awaiting, text, forwarded);
  }
}

async function addChat(rt: CloneRuntime, ctx: Context, awaiting: 'channel' | 'storage', text: string, forwarded: MessageOrigin | undefined): Promise<Reply> {
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
    return { done: true, note: `New uploads will be copied to <b>${escapeHtml(title)}</b>.`, view: storageView(s) };
  }
  const joinUrl = parsed.inviteLink ?? (chat.username ? `https://t.me/${chat.username}` : chat.invite_link ?? null);
  if (!joinUrl) return { done: false, error: `${title} is private: send its id followed by an invite link, e.g. ${chat.id} https://t.me/+AbCdEf123` };
  const others = s0.forceSubChannels.filter((c) => c.chatId !== chat.id);
  if (others.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax) return { done: false, error: `At most ${CLONE_SETTINGS_LIMITS.forceSubChannelsMax} channels.` };
  const s = await rt.settings.update({ forceSubChannels: [...others, { chatId: chat.id, title: title.slice(0, 128), joinUrl }] });
  const warning = isAdmin ? '' : '\n\n⚠️ This bot is not an administrator there, so it cannot check who joined. Make it an administrator, or users will get files without the check.';
  return { done: true, note: `Users must now join <b>${escapeHtml(title)}</b>.${warning}`, view: channelsView(s) };
}

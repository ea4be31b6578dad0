import { Composer, type Context } from 'telegraf';
import { CLONE_SETTINGS_LIMITS, DEFAULT_WELCOME_TEXT, type CloneSettingsDoc, type OwnerAwaiting } from '@motherbot/core';
import type { CloneRuntime } from '../../context';
import { onAction } from '../callbackRouter';
import { managerCommand, NOT_ALLOWED } from '../managerOnly';
import { adminsView, autoDeleteView, channelsView, mainView, storageView, welcomeView, type View } from './views';

const PROMPTS: Record<OwnerAwaiting, string> = {
  welcome: 'Send me the new welcome text (up to 3000 characters). You can use {first_name}, {last_name}, {full_name}, {username} and {id}. /cancel to keep the current one.',
  channel: 'Send the channel: its @username or numeric id (like -1001234567890), optionally followed by an invite link for private channels. You can also forward me a post from it. Make this bot an administrator there first. /cancel to stop.',
  admin: 'Send the Telegram user id of the new clone admin (or forward me a message from them). /cancel to stop.',
  autodelete: 'Send the delay, e.g. 30s, 10m, 2h or 1d (0 turns auto-delete off). /cancel to stop.',
  storage: 'Send the storage channel: its @username or numeric id. This bot must be an administrator there. /cancel to stop.',
};

/** `/settings` and its inline menus. Every press is re-checked: only managers change anything. */
export function settingsMenuFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const show = async (ctx: Context, view: View): Promise<void> => {
    if (ctx.callbackQuery) {
      await ctx.editMessageText(view.text, { parse_mode: 'HTML', ...view.keyboard }).catch(() => undefined);
    } else {
      await ctx.reply(view.text, { parse_mode: 'HTML', ...view.keyboard });
    }
  };
  const awaitInput = async (ctx: Context, userId: number, awaiting: OwnerAwaiting): Promise<void> => {
    await rt.data.sessions.setAwaiting(userId, awaiting);
    await ctx.answerCbQuery().catch(() => undefined); // a late answer (bot far behind) must not lose the prompt
    await ctx.reply(PROMPTS[awaiting]);
  };

  managerCommand(composer, rt, 'settings', async (ctx) => show(ctx, mainView(await rt.settings.get())));

  onAction(composer, 'settings', async (ctx, { action, arg }, userId) => {
    if (!(await rt.isManager(userId))) return ctx.answerCbQuery(NOT_ALLOWED, { show_alert: true });
    const isOwner = userId === rt.deps.ownerId;
    let s: CloneSettingsDoc = await rt.settings.get();
    const num = arg === null ? NaN : Number(arg);
    switch (action) {
      case 'close':
        await ctx.answerCbQuery();
        return ctx.deleteMessage().catch(() => undefined);
      case 'protect':
        s = await rt.settings.update({ protectContent: !s.protectContent });
        break;
      case 'search':
        s = await rt.settings.update({ searchEnabled: !s.searchEnabled });
        break;
      case 'welcome':
        await ctx.answerCbQuery();
        return show(ctx, welcomeView(s));
      case 'welcomeEdit':
        return awaitInput(ctx, userId, 'welcome');
      case 'welcomeReset':
        s = await rt.settings.update({ welcomeText: DEFAULT_WELCOME_TEXT });
        await ctx.answerCbQuery('Welcome text reset.');
        return show(ctx, welcomeView(s));
      case 'ad':
        await ctx.answerCbQuery();
        return show(ctx, autoDeleteView(s));
      case 'adSet':
        if (!Number.isInteger(num) || num < 0 || num > CLONE_SETTINGS_LIMITS.autoDeleteMaxSeconds) return ctx.answerCbQuery('That delay is not allowed.');
        s = await rt.settings.update({ autoDeleteSeconds: num });
        await ctx.answerCbQuery('Saved.');
        return show(ctx, autoDeleteView(s));
      case 'adCustom':
        return awaitInput(ctx, userId, 'autodelete');
      case 'fs':
        await ctx.answerCbQuery();
        return show(ctx, channelsView(s));
      case 'fsAdd':
        if (s.forceSubChannels.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax) return ctx.answerCbQuery(`At most ${CLONE_SETTINGS_LIMITS.forceSubChannelsMax} channels.`, { show_alert: true });
        return awaitInput(ctx, userId, 'channel');
      case 'fsRm':
        s = await rt.settings.update({ forceSubChannels: s.forceSubChannels.filter((c) => c.chatId !== num) });
        await ctx.answerCbQuery('Removed.');
        return show(ctx, channelsView(s));
      case 'adm':
        await ctx.answerCbQuery();
        return show(ctx, adminsView(s));
      case 'admAdd':
      case 'admRm':
        if (!isOwner) return ctx.answerCbQuery('Only the owner can change the clone admins.', { show_alert: true });
        if (action === 'admAdd') return awaitInput(ctx, userId, 'admin');
        s = await rt.settings.update({ adminIds: s.adminIds.filter((id) => id !== num) });
        await ctx.answerCbQuery('Removed.');
        return show(ctx, adminsView(s));
      case 'store':
        await ctx.answerCbQuery();
        return show(ctx, storageView(s));
      case 'storeSet':
        return awaitInput(ctx, userId, 'storage');
      case 'storeOff':
        s = await rt.settings.update({ storageChannelId: null });
        await ctx.answerCbQuery('Storage channel turned off.');
        return show(ctx, storageView(s));
      default: // 'main'
        break;
    }
    await ctx.answerCbQuery();
    await show(ctx, mainView(s));
  });
  return composer;
}

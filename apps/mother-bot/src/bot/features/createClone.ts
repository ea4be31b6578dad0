import { Composer, type Context } from 'telegraf';
import { AppError, BOT_TOKEN_PATTERN, escapeHtml } from '@motherbot/core';
import { answerCallback } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { Callback, managedBotKeyboard, removeKeyboard } from '../keyboards';
import { onboardingFailureText, startingLine } from '../replies';
import { announcePendingClone } from './admin/approvalScreens';

const AWAIT_TOKEN = 'await_token';

/** Does a message look like it carries a token (so it must be deleted, valid or not)? */
const looksLikeToken = (text: string): boolean => new RegExp(BOT_TOKEN_PATTERN.source).test(text) || /^\s*\d{5,}:\S{20,}\s*$/.test(text);

/**
 * "Create a clone": the token path (ask, delete the message holding the token, check it,
 * create) and, where the mother may manage bots, the one-tap managed-bot path. The wizard's
 * step is in the database, so a mother restart in the middle is harmless.
 */
export function createCloneFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();

  const ask = async (ctx: Context): Promise<void> => {
    const userId = ctx.from!.id;
    await deps.conversations.set(userId, AWAIT_TOKEN);
    const text =
      'Send me the token of your bot. Create one with @BotFather (/newbot) and paste the token here; ' +
      'I delete your message right after reading it. /cancel to stop.';
    if (deps.canManageBots()) {
      await ctx.reply(`${text}\n\nOr tap the button: Telegram creates the bot and hands it to me, no token to copy.`, {
        reply_markup: managedBotKeyboard(`clone_${userId}_bot`),
      });
    } else {
      await ctx.reply(text);
    }
  };

  composer.command('new', ask);
  composer.action(Callback.newClone, async (ctx) => {
    await answerCallback(ctx); // never throws: a late answer (bot far behind) must not lose the wizard
    await ask(ctx);
  });
  composer.command('cancel', async (ctx) => {
    await deps.conversations.clear(ctx.from.id);
    await ctx.reply('Cancelled.', { reply_markup: removeKeyboard() });
  });
  composer.hears('Cancel', async (ctx) => {
    await deps.conversations.clear(ctx.from.id);
    await ctx.reply('Cancelled.', { reply_markup: removeKeyboard() });
  });

  composer.on('text', async (ctx, next) => {
    const text = ctx.message.text;
    const state = await deps.conversations.get(ctx.from.id);
    const tokenLike = looksLikeToken(text);
    if (state?.step !== AWAIT_TOKEN && !tokenLike) return next();
    if (tokenLike) {
      // The token must not stay in the chat history, whatever happens next.
      await ctx.deleteMessage().catch((error: unknown) => deps.logger.warn('could not delete token message', { error }));
    }
    if (state?.step !== AWAIT_TOKEN) {
      await ctx.reply('I removed your message because it contained a bot token. To create a clone, use /new first.');
      return;
    }
    await ctx.sendChatAction('typing').catch(() => undefined);
    try {
      const created = await deps.onboarding.createClone({ ownerId: ctx.from.id, token: text, source: 'token', isAdmin: deps.isAdmin(ctx.from.id) });
      await deps.conversations.clear(ctx.from.id);
      await ctx.reply(
        (created.restored
          ? `✅ @${escapeHtml(created.botUsername)} is back: your deleted clone was restored with its data. Paid until ${created.trialEndsAt.toUTCString()}.\n`
          : `✅ @${escapeHtml(created.botUsername)} is now your clone. Free trial until ${created.trialEndsAt.toUTCString()}.\n`) +
          startingLine(created),
        { parse_mode: 'HTML', reply_markup: removeKeyboard() },
      );
      if (created.pendingApproval) await announcePendingClone(ctx.telegram, deps, { ...created, ownerId: ctx.from.id });
    } catch (error) {
      if (!(error instanceof AppError)) deps.logger.error('clone creation failed', { error });
      await ctx.reply(onboardingFailureText(error), { parse_mode: 'HTML' });
    }
  });
  return composer;
}

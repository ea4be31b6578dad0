import { Composer, type Context } from 'telegraf';
import { AppError, BOT_TOKEN_PATTERN, escapeHtml } from '@motherbot/core';
import { answerCallback } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { Callback, managedBotKeyboard, removeKeyboard } from '../keyboards';
import { createdLine, onboardingFailureText, startingLine } from '../replies';
import { announcePendingClone } from './admin/approvalScreens';
import { motherTexts, tr } from '../../i18n/texts';

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
    const t = tr(ctx);
    await deps.conversations.set(userId, AWAIT_TOKEN);
    const text = t('onboarding.askToken');
    if (deps.canManageBots()) {
      await ctx.reply(`${text}\n\n${t('onboarding.oneTap')}`, {
        reply_markup: managedBotKeyboard(t, `clone_${userId}_bot`),
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
  const cancel = async (ctx: Context): Promise<void> => {
    await deps.conversations.clear(ctx.from!.id);
    await ctx.reply(tr(ctx)('common.cancelled'), { reply_markup: removeKeyboard() });
  };
  composer.command('cancel', cancel);
  // The reply keyboard's Cancel, in whichever language it was shown (the user may have switched since).
  composer.hears([...new Set(motherTexts.locales.map((l) => motherTexts.t(l, 'common.cancel')))], cancel);

  composer.on('text', async (ctx, next) => {
    const text = ctx.message.text;
    const t = tr(ctx);
    const state = await deps.conversations.get(ctx.from.id);
    const tokenLike = looksLikeToken(text);
    if (state?.step !== AWAIT_TOKEN && !tokenLike) return next();
    if (tokenLike) {
      // The token must not stay in the chat history, whatever happens next.
      await ctx.deleteMessage().catch((error: unknown) => deps.logger.warn('could not delete token message', { error }));
    }
    if (state?.step !== AWAIT_TOKEN) {
      await ctx.reply(t('onboarding.tokenRemoved'));
      return;
    }
    await ctx.sendChatAction('typing').catch(() => undefined);
    try {
      const created = await deps.onboarding.createClone({ ownerId: ctx.from.id, token: text, source: 'token', isAdmin: deps.isAdmin(ctx.from.id) });
      await deps.conversations.clear(ctx.from.id);
      await ctx.reply(
        `${createdLine(t, created, 'token')}\n` +
          startingLine(t, created),
        { parse_mode: 'HTML', reply_markup: removeKeyboard() },
      );
      if (created.pendingApproval) await announcePendingClone(ctx.telegram, deps, { ...created, ownerId: ctx.from.id });
    } catch (error) {
      if (!(error instanceof AppError)) deps.logger.error('clone creation failed', { error });
      await ctx.reply(onboardingFailureText(t, error), { parse_mode: 'HTML' });
    }
  });
  return composer;
}

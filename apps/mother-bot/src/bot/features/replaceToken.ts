import { Composer, type Context } from 'telegraf';
import { AppError, escapeHtml } from '@motherbot/core';
import type { MotherBotDeps } from '../context';
import { onboardingFailureText } from '../replies';
import { AWAIT_NEW_TOKEN } from './myClones';
import { tr } from '../../i18n/texts';

/**
 * The second half of "🔑 New token": the owner's next message is the token. It is deleted
 * whatever it holds; the clone id comes from the stored conversation, and the service checks
 * again that the clone is the sender's and the token is the same bot's.
 */
export function replaceTokenFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('text', async (ctx, next) => {
    if (ctx.message.text.startsWith('/')) return next();
    const state = await deps.conversations.get(ctx.from.id);
    if (state?.step !== AWAIT_NEW_TOKEN) return next();
    await ctx.deleteMessage().catch((error: unknown) => deps.logger.warn('could not delete token message', { error }));
    const cloneId = String(state.data.cloneId ?? '');
    const t = tr(ctx);
    try {
      const clone = await deps.onboarding.replaceToken(cloneId, { id: ctx.from.id, isAdmin: deps.isAdmin(ctx.from.id) }, ctx.message.text);
      await deps.conversations.clear(ctx.from.id);
      await ctx.reply(t('onboarding.tokenReplaced', { bot: escapeHtml(clone.botUsername) }), { parse_mode: 'HTML' });
    } catch (error) {
      if (!(error instanceof AppError)) deps.logger.error('token replacement failed', { error });
      await ctx.reply(onboardingFailureText(t, error), { parse_mode: 'HTML' });
    }
  });
  return composer;
}

import { Composer, type Context } from 'telegraf';
import { answerCallback } from '@motherbot/bot-kit';
import { tr } from '../../i18n/texts';

/**
 * The last handlers: an unknown command gets a hint (this is what `/admin` is to anyone who is
 * not an admin), and a button nothing handled (stale, tampered) gets a polite refusal.
 */
export function fallbackFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('callback_query', (ctx) => answerCallback(ctx, tr(ctx)('common.staleButton')));
  composer.on('text', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    await ctx.reply(tr(ctx)(ctx.message.text.startsWith('/') ? 'fallback.unknownCommand' : 'fallback.hint'));
  });
  return composer;
}

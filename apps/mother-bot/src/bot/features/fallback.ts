import { Composer, type Context } from 'telegraf';
import { answerCallback } from '@motherbot/bot-kit';
import { STALE_BUTTON } from '../screen';

/**
 * The last handlers: an unknown command gets a hint (this is what `/admin` is to anyone who is
 * not an admin), and a button nothing handled (stale, tampered) gets a polite refusal.
 */
export function fallbackFeature(): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('callback_query', (ctx) => answerCallback(ctx, STALE_BUTTON));
  composer.on('text', async (ctx) => {
    if (ctx.chat.type !== 'private') return;
    if (ctx.message.text.startsWith('/')) await ctx.reply('I do not know that command. /help lists what I can do.');
    else await ctx.reply('Use /start for the menu, or /help.');
  });
  return composer;
}

import { Composer, type Context } from 'telegraf';
import { answerCallback } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { codeFromText } from '../services/linkCodes';
import { tr } from '../../i18n/texts';
import type { OpenLink } from './deliver';

/**
 * What nothing else handled. A pasted share link is opened; an unknown command gets one line;
 * other text gets a hint; anything else (stickers, locations, unanswered buttons) is
 * acknowledged quietly. Never an error.
 */
export function fallbackFeature(rt: CloneRuntime, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('message', async (ctx) => {
    const text = 'text' in ctx.message ? ctx.message.text : undefined;
    if (text === undefined) return;
    const t = tr(ctx);
    if (text.startsWith('/')) return ctx.reply(t('fallback.unknownCommand'));
    const code = codeFromText(text.slice(0, 300), rt.deps.botUsername);
    if (code) return openLink(ctx.from.id, code);
    const manager = await rt.isManager(ctx.from.id);
    await ctx.reply(manager ? t('fallback.managerHint') : t('fallback.userHint'));
  });
  composer.on('callback_query', (ctx) => answerCallback(ctx));
  return composer;
}

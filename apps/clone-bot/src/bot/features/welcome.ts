import { Composer, Markup, type Context } from 'telegraf';
import type { CloneRuntime } from '../context';
import { renderWelcome } from '../welcomeText';
import { cb } from '../services/callbackData';

/** `/start` without a payload: the owner's welcome text; managers also get a settings button. */
export function welcomeFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx, next) => {
    if (ctx.payload) return next();
    const current = await rt.settings.get();
    const text = renderWelcome(current.welcomeText, ctx.from);
    const buttons = [];
    if (await rt.isManager(ctx.from.id)) buttons.push([Markup.button.callback('⚙️ Settings', cb.settings('main'))]);
    await ctx.reply(text || 'Hello!', { parse_mode: 'HTML', ...(buttons.length > 0 ? Markup.inlineKeyboard(buttons) : {}) });
  });
  return composer;
}

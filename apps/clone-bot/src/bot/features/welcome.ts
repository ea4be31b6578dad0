import { Composer, type Context } from 'telegraf';
import { cloneSettingsModel, loadCloneSettings } from '@motherbot/core';
import type { CloneBotDeps } from '../context';
import { renderWelcome } from '../welcomeText';

/** `/start` without a payload: the owner's welcome text. */
export function welcomeFeature(deps: CloneBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const settings = cloneSettingsModel(deps.cloneDb);
  composer.start(async (ctx, next) => {
    if (ctx.payload) return next();
    const current = await loadCloneSettings(settings);
    await ctx.reply(renderWelcome(current.welcomeText, ctx.from), { parse_mode: 'HTML' });
  });
  return composer;
}

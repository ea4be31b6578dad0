import { Composer, type Context } from 'telegraf';
import type { CloneRuntime } from '../context';
import { tr } from '../../i18n/texts';

/** `/help`: what this bot does, with the owner commands for managers. */
export function helpFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.help(async (ctx) => {
    const t = tr(ctx);
    const manager = await rt.isManager(ctx.from.id);
    await ctx.reply(manager ? `${t('help.user')}\n\n${t('help.owner')}` : t('help.user'));
  });
  return composer;
}

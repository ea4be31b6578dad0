import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { MotherBotDeps } from '../context';
import { mainMenu } from '../keyboards';
import { REFERRAL_PREFIX } from '../../services/referrals';
import { referralOutcomeNote } from './referral';
import { tr } from '../../i18n/texts';

/**
 * `/start` and `/help`: who we are and the main menu. Also records the user, and a referral
 * when the start came through an owner's link (`/start ref-<code>`).
 */
export function startFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx) => {
    const t = tr(ctx);
    await deps.conversations.clear(ctx.from.id);
    const payload = typeof ctx.payload === 'string' ? ctx.payload : '';
    const note = payload.startsWith(REFERRAL_PREFIX)
      ? referralOutcomeNote(t, await deps.services.referrals.record(ctx.from.id, payload.slice(REFERRAL_PREFIX.length)))
      : '';
    await ctx.reply(
      t('start.greeting', { name: escapeHtml(ctx.from.first_name) }) +
        (note ? `\n\n${note}` : '') +
        ((await deps.services.referrals.currentRewardDays()) > 0 ? `\n\n${t('start.referralHint')}` : ''),
      { parse_mode: 'HTML', ...mainMenu(t) },
    );
  });
  composer.help(async (ctx) => {
    const t = tr(ctx);
    await ctx.reply(t('start.help'), mainMenu(t));
  });
  return composer;
}

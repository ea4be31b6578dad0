import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { MotherBotDeps } from '../context';
import { mainMenu } from '../keyboards';
import { REFERRAL_PREFIX } from '../../services/referrals';
import { REFERRAL_OUTCOME_NOTE } from './referral';

/**
 * `/start` and `/help`: who we are and the main menu. Also records the user, and a referral
 * when the start came through an owner's link (`/start ref-<code>`).
 */
export function startFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx) => {
    await deps.conversations.clear(ctx.from.id);
    const payload = typeof ctx.payload === 'string' ? ctx.payload : '';
    const note = payload.startsWith(REFERRAL_PREFIX)
      ? REFERRAL_OUTCOME_NOTE[await deps.services.referrals.record(ctx.from.id, payload.slice(REFERRAL_PREFIX.length))]
      : '';
    await ctx.reply(
      `Hi ${escapeHtml(ctx.from.first_name)}! I run your own copy of a file-sharing bot: you bring a bot, ` +
        'I keep it online. Create a clone to start a free trial.' +
        (note ? `\n\n${note}` : '') +
        (deps.services.referrals.enabled ? '\n\nInvite other owners and earn free days: /referral' : ''),
      { parse_mode: 'HTML', ...mainMenu() },
    );
  });
  composer.help(async (ctx) => {
    await ctx.reply(
      'Commands:\n/start — main menu\n/new — create a clone\n/clones — your clones\n/referral — invite owners, earn free days\n/privacy — what is stored about you\n/cancel — stop what you are doing\n/paysupport — help with payments',
      mainMenu(),
    );
  });
  return composer;
}

import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { MotherBotDeps } from '../context';
import { mainMenu } from '../keyboards';

/** `/start` and `/help`: who we are and the main menu. Also records the user. */
export function startFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx) => {
    await deps.conversations.clear(ctx.from.id);
    await ctx.reply(
      `Hi ${escapeHtml(ctx.from.first_name)}! I run your own copy of a file-sharing bot: you bring a bot, ` +
        'I keep it online. Create a clone to start a free trial.',
      { parse_mode: 'HTML', ...mainMenu() },
    );
  });
  composer.help(async (ctx) => {
    await ctx.reply(
      'Commands:\n/start — main menu\n/new — create a clone\n/clones — your clones\n/privacy — what is stored about you\n/cancel — stop what you are doing\n/paysupport — help with payments',
      mainMenu(),
    );
  });
  return composer;
}

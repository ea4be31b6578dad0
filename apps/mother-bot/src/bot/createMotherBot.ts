import { Telegraf } from 'telegraf';
import type { MotherBotDeps } from './context';
import { createCloneFeature } from './features/createClone';
import { managedBotFeature } from './features/managedBot';
import { startFeature } from './features/start';
import { knownUsers } from './middlewares/knownUsers';

/**
 * The mother bot: a Telegraf instance composed of features. Every error is caught, logged and
 * answered politely; nothing a user sends can stop the bot.
 */
export function createMotherBot(token: string, deps: MotherBotDeps): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot: deps.config.telegramApiRoot }, handlerTimeout: 30_000 });
  bot.use(knownUsers(deps.models.User, deps.isAdmin));
  bot.use(managedBotFeature(deps));
  bot.use(startFeature(deps));
  bot.use(createCloneFeature(deps));
  bot.catch(async (error, ctx) => {
    deps.logger.error('mother update failed', { updateType: ctx.updateType, error });
    if (ctx.chat?.type === 'private') await ctx.reply('Something went wrong on our side. Please try again.').catch(() => undefined);
  });
  return bot;
}

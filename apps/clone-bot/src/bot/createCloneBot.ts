import { Telegraf } from 'telegraf';
import type { CloneBotDeps } from './context';
import { welcomeFeature } from './features/welcome';

export interface CreateCloneBotOptions {
  token: string;
  apiRoot: string;
}

/**
 * The clone bot: the same code for every clone, its behaviour set by the clone's own
 * settings. Features are composers; a last handler catches what nothing else did, and every
 * error is counted and logged without stopping the bot.
 */
export function createCloneBot(options: CreateCloneBotOptions, deps: CloneBotDeps): Telegraf {
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot }, handlerTimeout: 30_000 });
  bot.use(async (_ctx, next) => {
    deps.counters.updates += 1;
    await next();
  });
  bot.use(welcomeFeature(deps));
  bot.catch((error, ctx) => {
    deps.counters.errors += 1;
    deps.logger.error('update failed', { updateType: ctx.updateType, error });
  });
  return bot;
}

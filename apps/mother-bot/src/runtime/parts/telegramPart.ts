import type { Telegraf } from 'telegraf';
import type { UserFromGetMe } from 'telegraf/types';
import { createMotherTelegraf } from '../../bot/createMotherBot';
import type { SendAlert } from '../../monitoring/alertManager';
import type { StartContext } from './startContext';

export interface TelegramPart {
  /** The mother's Telegraf instance; its features are installed last, by the bot part. */
  bot: Telegraf;
  me: UserFromGetMe;
  /** Whether getMe says `can_manage_bots`: the one-tap clone creation is offered then. */
  canManageBots: boolean;
  /** The port monitoring sends its alerts through. */
  sendAlert: SendAlert;
}

/**
 * The mother's Telegram connection, checked with getMe before anything depends on it: a wrong
 * token or an unreachable API fails the start here, with its hint, and owner notifications,
 * alerts and reminders all have a client from the start.
 */
export async function startTelegram(ctx: StartContext): Promise<TelegramPart> {
  const { config, logger } = ctx;
  const bot = createMotherTelegraf(config.botToken, config, logger);
  // Telegraf's typings want the abort-controller polyfill's signal; its fetch takes Node's own.
  const me = await ctx.step('telegram', (signal) => bot.telegram.callApi('getMe', {}, { signal: signal as never }));
  // The poller would ask again; with it set, it goes straight to polling.
  bot.botInfo = me;
  return {
    bot,
    me,
    canManageBots: Boolean((me as { can_manage_bots?: boolean }).can_manage_bots),
    sendAlert: (chatId, html) => bot.telegram.sendMessage(chatId, html, { parse_mode: 'HTML' }),
  };
}

import { isPaymentUpdate, languageFeature, localeMiddleware, retryTelegramCalls, userRateLimit } from '@motherbot/bot-kit';
import { Telegraf } from 'telegraf';
import type { AppConfig, Logger } from '@motherbot/core';
import type { MotherBotDeps } from './context';
import { adminFeature } from './features/admin/adminFeature';
import { createCloneFeature } from './features/createClone';
import { fallbackFeature } from './features/fallback';
import { managedBotFeature } from './features/managedBot';
import { myClonesFeature } from './features/myClones';
import { paymentsFeature } from './features/payments';
import { privacyFeature } from './features/privacy';
import { referralFeature } from './features/referral';
import { replaceTokenFeature } from './features/replaceToken';
import { startFeature } from './features/start';
import { knownUsers } from './middlewares/knownUsers';
import { adminOpsFeature } from './features/admin/adminOpsFeature';
import { adminHealthFeature } from './features/admin/adminHealthFeature';
import { publishCommandMenu } from './commandMenu';
import { motherTexts, tr } from '../i18n/texts';

/** Telegraf's handler timeout for the mother: an update's Telegram waits stay within half of it. */
const HANDLER_TIMEOUT_MS = 30_000;

/**
 * The mother's Telegram connection, before any feature: the runtime makes it first, so its
 * getMe, owner notifications, alerts and reminders have a client while the features that need
 * every other part are installed last ({@link installMotherFeatures}). The one retry layer for
 * Telegram calls (the bot's client and each update's) rides out a passing 429/5xx/network
 * failure instead of failing a handler and losing its update.
 */
export function createMotherTelegraf(token: string, config: Pick<AppConfig, 'telegramApiRoot'>, logger: Logger): Telegraf {
  const bot = new Telegraf(token, { telegram: { apiRoot: config.telegramApiRoot }, handlerTimeout: HANDLER_TIMEOUT_MS });
  retryTelegramCalls(bot, {
    handlerTimeoutMs: HANDLER_TIMEOUT_MS,
    onRetry: (error, delayMs) => logger.warn('Telegram call failed, retrying', { delayMs, error: (error as Error).message }),
  });
  return bot;
}

/** The mother bot in one call: its Telegram connection with every feature installed. */
export function createMotherBot(token: string, deps: MotherBotDeps): Telegraf {
  return installMotherFeatures(createMotherTelegraf(token, deps.config, deps.logger), deps);
}

/**
 * The mother bot's features on a Telegraf instance. Every error is caught, logged and answered
 * politely; nothing a user sends can stop the bot. Order matters: the locale (from memory, no
 * read) before anything answers, known users (bans) and the rate limit next; payments early (answered fast); the catch-all fallback last. The command
 * menu is published in the background: it never fails the start.
 */
export function installMotherFeatures(bot: Telegraf, deps: MotherBotDeps): Telegraf {
  bot.use(localeMiddleware(motherTexts, deps.locales.choices));
  const users = knownUsers(deps.models.User, deps.isAdmin);
  deps.services.onUserChanged((userId) => users.forget(userId));
  bot.use(users.middleware);
  // Messages and button presses count; payments (pre-checkout, successful_payment) and admins are never limited.
  bot.use(
    userRateLimit({
      perMinute: deps.config.userRatePerMinute,
      counts: (ctx) => Boolean(ctx.message || ctx.callbackQuery) && !isPaymentUpdate(ctx),
      isExempt: deps.isAdmin,
      warning: { message: (ctx) => tr(ctx)('common.tooFast'), button: (ctx) => tr(ctx)('common.slowDown') },
      laterPress: (ctx) => tr(ctx)('common.slowDown'),
    }),
  );
  bot.use(paymentsFeature(deps));
  bot.use(managedBotFeature(deps));
  bot.use(startFeature(deps));
  bot.use(adminFeature(deps));
  bot.use(privacyFeature(deps));
  bot.use(languageFeature(motherTexts, deps.locales.choices));
  bot.use(myClonesFeature(deps));
  bot.use(referralFeature(deps));
  bot.use(replaceTokenFeature(deps));
  bot.use(createCloneFeature(deps));
  bot.use(adminHealthFeature(deps)); // /health, /errors (admins)
  bot.use(adminOpsFeature(deps)); // /backup, /readiness (admins)
  bot.use(fallbackFeature());
  bot.catch(async (error, ctx) => {
    deps.logger.error('mother update failed', { updateType: ctx.updateType, error });
    if (ctx.callbackQuery) await ctx.answerCbQuery(tr(ctx)('common.failed')).catch(() => undefined);
    else if (ctx.chat?.type === 'private') await ctx.reply(tr(ctx)('common.failed')).catch(() => undefined);
  });
  void publishCommandMenu(bot.telegram, deps.config.adminIds, deps.logger);
  return bot;
}

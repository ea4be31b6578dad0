/**
 * What both bots share and only Telegram bots need: polling, Telegram call retries, the Telegram
 * error classifier, per-user limits and queues, screens and keyboards, the broadcast sender.
 * Depends on Telegraf and on core; core knows nothing of it.
 */
export * from './polling/updatePoller';
export * from './polling/launchPolling';
export * from './polling/abandonedUpdates';
export * from './webhook/webhookUpdates';
export * from './webhook/launchWebhook';
export * from './webhook/requestBody';
export * from './webhook/retryingCalls';
export * from './telegramErrors/telegramErrorCode';
export * from './screens/index';
export * from './telegramErrors/classifyTelegramError';
export * from './retry/retryTelegramCalls';
export * from './broadcast/broadcastSender';
export * from './limits/userRateLimiter';
export * from './limits/userRateLimit';
export * from './payments/starsPayments';
export * from './i18n/locale';
export * from './i18n/languageMenu';

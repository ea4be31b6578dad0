import type { Telegram } from 'telegraf';
import type { SendRecipient } from '@motherbot/core';
import { classifyTelegramError } from '../telegramErrors/classifyTelegramError';

/**
 * The broadcast engine's `send` through a bot's Telegram client, for both bots: copies the
 * stored message (or sends its text) to one chat and hands the engine Telegram's answer already
 * classified, since core's engine knows no Telegram error. The client's own retry layer waits
 * out a passing 429/5xx first; what it gives up on becomes the engine's `retry_after`/`transient`.
 */
export function broadcastSender(telegram: Telegram): SendRecipient {
  return async (chatId, { message }) => {
    try {
      if (message.kind === 'copy') await telegram.copyMessage(chatId, message.fromChatId, message.messageId);
      else await telegram.sendMessage(chatId, message.text, message.parseMode ? { parse_mode: message.parseMode } : {});
      return { ok: true };
    } catch (error) {
      return classifyTelegramError(error);
    }
  };
}

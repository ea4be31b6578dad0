import type { Telegram } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import { button, inlineKeyboard } from '@motherbot/bot-kit';
import type { Reminder, SendReminder } from '../services/reminders';
import { cb } from './callbackData';
import { fmtDate } from './format';

/** Reminder text: "ends in 3 days", "ends tomorrow", "ended". */
export function reminderText(r: Reminder): string {
  const bot = `@${escapeHtml(r.botUsername)}`;
  if (r.offsetDays === 0) return `⌛ The subscription of ${bot} has ended (${fmtDate(r.expiresAt)}). Renew to start it again.`;
  const when = r.offsetDays === 1 ? 'tomorrow' : `in ${r.offsetDays} days`;
  return `⏰ The subscription of ${bot} ends ${when} (${fmtDate(r.expiresAt)}). Renew to keep it online.`;
}

/** Sends reminders through the mother bot, with a Renew button. Errors reach the job (it logs them). */
export function reminderSender(telegram: Telegram): SendReminder {
  return async (r) => {
    await telegram.sendMessage(r.ownerId, reminderText(r), {
      parse_mode: 'HTML',
      reply_markup: inlineKeyboard([[button('⭐ Renew', cb.owner('renew', r.cloneId))]]),
    });
  };
}

import type { Telegram } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import { button, inlineKeyboard } from '@motherbot/bot-kit';
import type { Reminder, SendReminder } from '../services/reminders';
import type { MotherTranslate } from '../i18n/texts';
import { cb } from './callbackData';
import { fmtDate } from './format';

/** Reminder text: "ends in 3 days", "ends tomorrow", "ended". */
export function reminderText(t: MotherTranslate, r: Reminder): string {
  const params = { bot: `@${escapeHtml(r.botUsername)}`, date: fmtDate(r.expiresAt) };
  if (r.offsetDays === 0) return t('reminder.ended', params);
  if (r.offsetDays === 1) return t('reminder.tomorrow', params);
  return t('reminder.inDays', { ...params, count: r.offsetDays });
}

/** Where a reminder learns its owner's language (the mother's MotherLocales). */
export interface RecipientTexts {
  textsFor(userId: number): Promise<MotherTranslate>;
}

/** Sends reminders through the mother bot, in the owner's language, with a Renew button. Errors reach the job (it logs them). */
export function reminderSender(telegram: Telegram, locales: RecipientTexts): SendReminder {
  return async (r) => {
    const t = await locales.textsFor(r.ownerId);
    await telegram.sendMessage(r.ownerId, reminderText(t, r), {
      parse_mode: 'HTML',
      reply_markup: inlineKeyboard([[button(t('clones.renew'), cb.owner('renew', r.cloneId))]]),
    });
  };
}

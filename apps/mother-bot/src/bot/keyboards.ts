import { Markup } from 'telegraf';
import type { MotherTranslate } from '../i18n/texts';
import type { KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';

/** Callback data of the mother's buttons. Short, fixed prefixes: everything else is re-checked. */
export const Callback = {
  newClone: 'new',
  myClones: 'mine',
  cancel: 'cancel',
} as const;

export const mainMenu = (t: MotherTranslate) =>
  Markup.inlineKeyboard([
    [Markup.button.callback(t('menu.createClone'), Callback.newClone)],
    [Markup.button.callback(t('menu.myClones'), Callback.myClones)],
  ]);

/**
 * The reply keyboard with Telegram's one-tap "create a managed bot" button (Bot API 9.6).
 * Telegraf 4.16 predates the `request_managed_bot` field, so that one button is typed by hand.
 */
export function managedBotKeyboard(t: MotherTranslate, suggestedUsername: string): ReplyKeyboardMarkup {
  const createBot = { text: t('onboarding.createBotButton'), request_managed_bot: { request_id: 1, suggested_username: suggestedUsername } } as KeyboardButton;
  return Markup.keyboard([[createBot], [Markup.button.text(t('common.cancel'))]]).resize().oneTime().reply_markup;
}

/** Takes the reply keyboard above away once the wizard is over. */
export const removeKeyboard = (): ReplyKeyboardRemove => Markup.removeKeyboard().reply_markup;

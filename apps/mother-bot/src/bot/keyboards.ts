import { Markup } from 'telegraf';
import type { KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove } from 'telegraf/types';

/** Callback data of the mother's buttons. Short, fixed prefixes: everything else is re-checked. */
export const Callback = {
  newClone: 'new',
  myClones: 'mine',
  cancel: 'cancel',
} as const;

export const mainMenu = () =>
  Markup.inlineKeyboard([
    [Markup.button.callback('➕ Create a clone', Callback.newClone)],
    [Markup.button.callback('🤖 My clones', Callback.myClones)],
  ]);

/**
 * The reply keyboard with Telegram's one-tap "create a managed bot" button (Bot API 9.6).
 * Telegraf 4.16 predates the `request_managed_bot` field, so that one button is typed by hand.
 */
export function managedBotKeyboard(suggestedUsername: string): ReplyKeyboardMarkup {
  const createBot = { text: '✨ Create a new bot for me', request_managed_bot: { request_id: 1, suggested_username: suggestedUsername } } as KeyboardButton;
  return Markup.keyboard([[createBot], [Markup.button.text('Cancel')]]).resize().oneTime().reply_markup;
}

/** Takes the reply keyboard above away once the wizard is over. */
export const removeKeyboard = (): ReplyKeyboardRemove => Markup.removeKeyboard().reply_markup;

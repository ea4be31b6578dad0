import { Markup } from 'telegraf';

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
 * Telegraf 4.16 predates the field, so the button is written by hand.
 */
export function managedBotKeyboard(suggestedUsername: string) {
  return {
    keyboard: [
      [{ text: '✨ Create a new bot for me', request_managed_bot: { request_id: 1, suggested_username: suggestedUsername } }],
      [{ text: 'Cancel' }],
    ],
    resize_keyboard: true,
    one_time_keyboard: true,
  };
}

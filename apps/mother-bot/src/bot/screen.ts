import type { Context } from 'telegraf';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

export type Rows = InlineKeyboardButton[][];

export const button = (text: string, data: string): InlineKeyboardButton => ({ text, callback_data: data });
export const keyboard = (rows: Rows): InlineKeyboardMarkup => ({ inline_keyboard: rows.filter((r) => r.length > 0) });

/**
 * Shows a screen: a button press edits the message it came from (menus do not pile up), a
 * command sends a new one. HTML parse mode: callers escape what users wrote.
 */
export async function show(ctx: Context, text: string, rows: Rows = []): Promise<void> {
  const extra = { parse_mode: 'HTML' as const, reply_markup: keyboard(rows), link_preview_options: { is_disabled: true } };
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(text, extra);
      return;
    } catch (error) {
      if (/message is not modified/.test(String((error as Error).message))) return;
    }
  }
  await ctx.reply(text, extra);
}

/** The data of the pressed button ('' when the update is not a data button). */
export const callbackData = (ctx: Context): string => {
  const q = ctx.callbackQuery;
  return q && 'data' in q ? q.data : '';
};

export const STALE_BUTTON = 'This button is not valid any more.';
export const NOT_YOURS = 'This button is not for you.';

/** Answers a callback query, never throwing (it may have expired). */
export async function answer(ctx: Context, text?: string, alert = false): Promise<void> {
  await ctx.answerCbQuery(text, { show_alert: alert }).catch(() => undefined);
}

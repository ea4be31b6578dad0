import { Markup } from 'telegraf';
import type { InlineKeyboardButton, InlineKeyboardMarkup } from 'telegraf/types';

/** Rows of inline buttons, top to bottom. */
export type Rows = InlineKeyboardButton[][];

/** A button that sends `data` back to the bot (at most 64 bytes: callers encode it). */
export const button = (text: string, data: string): InlineKeyboardButton => Markup.button.callback(text, data);

/** A button that opens a link (a channel to join, say). */
export const urlButton = (text: string, url: string): InlineKeyboardButton => Markup.button.url(text, url);

/**
 * The inline keyboard of `rows`. An empty row is dropped, so a screen can always push its
 * navigation row and let it be empty on a single page.
 */
export const inlineKeyboard = (rows: Rows): InlineKeyboardMarkup => Markup.inlineKeyboard(rows.filter((row) => row.length > 0)).reply_markup;

/**
 * reply_markup validation. Inline keyboards are echoed in the Message; reply keyboards are
 * not (Telegram only shows them to the user), so the full markup is kept separately.
 */
import type { InlineKeyboardButton, ReplyMarkup } from '../state/types';
import { badRequest } from './errors';
import type { Params } from './params';

const INLINE_ACTIONS = ['callback_data', 'url', 'web_app', 'login_url', 'switch_inline_query', 'switch_inline_query_current_chat', 'switch_inline_query_chosen_chat', 'copy_text', 'callback_game', 'pay'];
const badMarkup = () => badRequest("can't parse reply keyboard markup JSON object");

export interface ParsedMarkup {
  /** What goes into Message.reply_markup (inline keyboards only). */
  visible?: ReplyMarkup;
  /** Everything, for the web chat and user actions. */
  full?: ReplyMarkup;
}

export function parseReplyMarkup(params: Params): ParsedMarkup {
  const markup = params.json<ReplyMarkup>('reply_markup', 'reply keyboard markup');
  if (markup === undefined) return {};
  if (typeof markup !== 'object' || markup === null || Array.isArray(markup)) throw badMarkup();
  if (markup.inline_keyboard !== undefined) {
    const rows = markup.inline_keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw badRequest('field "inline_keyboard" must be an Array of Array');
    for (const row of rows) {
      for (const b of row) {
        if (typeof b !== 'object' || b === null || typeof b.text !== 'string') throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
        const actions = INLINE_ACTIONS.filter((k) => b[k] !== undefined);
        if (actions.length !== 1) throw badRequest("can't parse inline keyboard button: InlineKeyboardButton must have exactly one optional field");
        if (b.callback_data !== undefined) {
          const bytes = typeof b.callback_data === 'string' ? Buffer.byteLength(b.callback_data) : -1;
          if (bytes < 1 || bytes > 64) throw badRequest('BUTTON_DATA_INVALID');
        }
        if (b.url !== undefined && (typeof b.url !== 'string' || !/^(https?|tg):\/\//i.test(b.url))) throw badRequest('BUTTON_URL_INVALID');
      }
    }
    // Telegram echoes only the fields it knows (Telegraf's Markup adds `hide`, for one).
    const clean = rows.map((row) => row.map((b) => Object.fromEntries(Object.entries(b).filter(([k]) => k === 'text' || INLINE_ACTIONS.includes(k))) as InlineKeyboardButton));
    const visible: ReplyMarkup = { inline_keyboard: clean };
    return { visible, full: visible };
  }
  if (markup.keyboard !== undefined) {
    const rows = markup.keyboard;
    if (!Array.isArray(rows) || rows.some((r) => !Array.isArray(r))) throw badRequest('field "keyboard" must be an Array of Array');
    for (const row of rows) {
      for (const b of row as unknown[]) {
        if (typeof b === 'string') continue;
        if (typeof b !== 'object' || b === null || typeof (b as { text?: unknown }).text !== 'string') throw badMarkup();
      }
    }
    return { full: { ...markup, keyboard: rows.map((r) => r.map((b) => (typeof b === 'string' ? { text: b } : b))) } };
  }
  if (markup.remove_keyboard || markup.force_reply) return { full: markup };
  throw badMarkup();
}

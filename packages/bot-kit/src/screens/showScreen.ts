import type { Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { telegramDescription } from '../telegramErrors/classifyTelegramError';

/** What a bot shows on one message: HTML text (callers escape what users wrote) and its buttons. */
export interface Screen {
  text: string;
  keyboard?: InlineKeyboardMarkup;
}

export interface ShowOptions {
  /** false: Telegram shows no link preview under the text. Default: Telegram decides. */
  linkPreviews?: boolean;
}

/** Telegram refuses an edit that changes nothing (the same button pressed twice): nothing to do then. */
export const isNotModified = (error: unknown): boolean => /message is not modified/.test(telegramDescription(error));

/**
 * Shows a screen: a button press edits the message the button is on (menus do not pile up),
 * anything else sends a new message. An edit Telegram refuses for another reason (the message
 * was deleted, say) falls back to a new message, so the user always sees the screen.
 */
export async function showScreen(ctx: Context, screen: Screen, options: ShowOptions = {}): Promise<void> {
  const extra = {
    parse_mode: 'HTML' as const,
    ...(screen.keyboard ? { reply_markup: screen.keyboard } : {}),
    ...(options.linkPreviews === false ? { link_preview_options: { is_disabled: true } } : {}),
  };
  if (ctx.callbackQuery?.message) {
    try {
      await ctx.editMessageText(screen.text, extra);
      return;
    } catch (error) {
      if (isNotModified(error)) return;
    }
  }
  await ctx.reply(screen.text, extra);
}

import { inlineKeyboard, showScreen, type Rows } from '@motherbot/bot-kit';
import type { Context } from 'telegraf';

/**
 * Shows one of the mother's screens (see bot-kit's showScreen): HTML, never a link preview,
 * since names users chose can read as links. Always sends a keyboard, even an empty one, so an
 * edit to a screen without buttons takes the old buttons away.
 */
export const show = (ctx: Context, text: string, rows: Rows = []): Promise<void> =>
  showScreen(ctx, { text, keyboard: inlineKeyboard(rows) }, { linkPreviews: false });


import type { Context } from 'telegraf';

/** The data of the pressed button ('' when the update is not a press of a data button). */
export const callbackData = (ctx: Context): string => {
  const q = ctx.callbackQuery;
  return q && 'data' in q ? q.data : '';
};

/**
 * Answers a button press (a toast, or an alert the user must dismiss), never throwing: the
 * query may have expired while the bot was busy, and the work behind the press must go on.
 */
export async function answerCallback(ctx: Context, text?: string, alert = false): Promise<void> {
  await ctx.answerCbQuery(text, { show_alert: alert }).catch(() => undefined);
}

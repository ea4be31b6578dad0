import type { Update } from 'telegraf/types';

/**
 * Runs one update through the bot, for both intakes (the poller and the webhook receiver). A
 * handler's error goes to `onError` and never out: one failing update must stop neither the
 * intake that took it nor the updates of other chats; the update counts as handled (confirmed),
 * since one retried for ever would hold its chat up for good. A failing reporter is ignored too.
 */
export async function runUpdate(
  bot: { handleUpdate(update: Update): Promise<void> },
  update: Update,
  onError?: (error: unknown, update: Update) => void,
): Promise<void> {
  try {
    await bot.handleUpdate(update);
  } catch (error) {
    try {
      onError?.(error, update);
    } catch {
      // nothing left to tell
    }
  }
}

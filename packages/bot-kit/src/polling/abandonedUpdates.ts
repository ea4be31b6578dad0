import { AppError } from '@motherbot/core';

/**
 * Updates a stopping poller left to be redelivered: their handlers were still running when the
 * offset was confirmed, so Telegram will send them again (to this bot's next process). A reply
 * such a handler sent later would be the first of two; the retry layer refuses every Telegram
 * call these handlers make from then on (`UpdateAbandonedError`), so the next process answers
 * the update once. Keyed by the bot object, so several bots in one process stay apart.
 */
const abandoned = new WeakMap<object, Set<number>>();

export class UpdateAbandonedError extends AppError {
  constructor(method: string, updateId: number) {
    super('UPDATE_ABANDONED', `${method} refused: update ${updateId} was left to be redelivered when polling stopped`, { method, updateId });
  }
}

export function abandonUpdates(bot: object, updateIds: Iterable<number>): void {
  let set = abandoned.get(bot);
  if (!set) abandoned.set(bot, (set = new Set()));
  for (const id of updateIds) set.add(id);
}

export function isAbandoned(bot: object, updateId: number | undefined): boolean {
  return updateId !== undefined && (abandoned.get(bot)?.has(updateId) ?? false);
}

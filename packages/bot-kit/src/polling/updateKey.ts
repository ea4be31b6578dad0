import type { Update } from 'telegraf/types';

interface Party {
  id?: unknown;
}
interface Payload {
  chat?: Party;
  message?: { chat?: Party };
  from?: Party;
  user?: Party;
}

/**
 * The key whose updates must run one after another: the chat (for a button, the chat of the
 * message it sits under), else the sender. Updates with neither (a poll's new state) have no
 * key and may run in any order. Read from the payload's shape, not its type, so update types
 * Telegram adds later are ordered too.
 */
export function updateKey(update: Update): string | undefined {
  for (const [field, value] of Object.entries(update)) {
    if (field === 'update_id' || typeof value !== 'object' || value === null) continue;
    const payload = value as Payload;
    const chatId = payload.chat?.id ?? payload.message?.chat?.id;
    if (typeof chatId === 'number') return `chat:${chatId}`;
    const userId = payload.from?.id ?? payload.user?.id;
    if (typeof userId === 'number') return `user:${userId}`;
  }
  return undefined;
}

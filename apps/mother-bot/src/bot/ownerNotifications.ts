import type { Telegram } from 'telegraf';
import { escapeHtml, type Logger } from '@motherbot/core';
import type { CloneManager } from '../cloneManager/cloneManager';

/**
 * Turns the clone manager's events into messages: the owner hears when the clone is live and
 * when its token was rejected; owner and admins hear of a crash loop. A failed send is logged,
 * never thrown (the owner may have blocked the mother).
 */
export function wireOwnerNotifications(manager: CloneManager, telegram: Telegram, adminIds: readonly number[], logger: Logger): void {
  const send = (chatId: number, text: string): void => {
    telegram.sendMessage(chatId, text, { parse_mode: 'HTML' }).catch((error: unknown) => logger.warn('notification not delivered', { chatId, error }));
  };
  manager.on('live', ({ ownerId, botUsername }) => send(ownerId, `🟢 @${escapeHtml(botUsername)} is live. Open it and send /start.`));
  manager.on('tokenInvalid', ({ ownerId, botUsername, conflict }) =>
    send(
      ownerId,
      conflict
        ? `⚠️ @${escapeHtml(botUsername)} was stopped: another program is using its token. Revoke the token in @BotFather and send me the new one from “My clones”.`
        : `⚠️ @${escapeHtml(botUsername)} was stopped: Telegram no longer accepts its token (revoked?). Send me a new token from “My clones”.`,
    ),
  );
  manager.on('crashLoop', ({ ownerId, botUsername, restarts, cloneId }) => {
    send(ownerId, `⚠️ @${escapeHtml(botUsername)} kept crashing and was stopped. The admins were told.`);
    for (const admin of adminIds) send(admin, `🔴 Clone ${cloneId} (@${escapeHtml(botUsername)}) crash-looped (${restarts} restarts) and was stopped.`);
  });
}

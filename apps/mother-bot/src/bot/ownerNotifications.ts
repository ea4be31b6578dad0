import type { Telegram } from 'telegraf';
import { escapeHtml, type Logger } from '@motherbot/core';
import type { CloneManager } from '../cloneManager/cloneManager';
import type { MotherTranslate } from '../i18n/texts';
import type { RecipientTexts } from './reminderSender';

/**
 * Turns the clone manager's events into messages, each in its recipient's language: the owner
 * hears when the clone is live and when its token was rejected; owner and admins hear of a
 * crash loop. A failed send is logged, never thrown (the owner may have blocked the mother).
 */
export function wireOwnerNotifications(manager: CloneManager, telegram: Telegram, adminIds: readonly number[], logger: Logger, locales: RecipientTexts): void {
  const send = (chatId: number, text: (t: MotherTranslate) => string): void => {
    locales
      .textsFor(chatId)
      .then((t) => telegram.sendMessage(chatId, text(t), { parse_mode: 'HTML' }))
      .catch((error: unknown) => logger.warn('notification not delivered', { chatId, error }));
  };
  manager.on('live', ({ ownerId, botUsername }) => send(ownerId, (t) => t('notify.live', { bot: escapeHtml(botUsername) })));
  manager.on('tokenInvalid', ({ ownerId, botUsername, conflict }) =>
    send(ownerId, (t) => t(conflict ? 'notify.tokenConflict' : 'notify.tokenRejected', { bot: escapeHtml(botUsername) })),
  );
  manager.on('crashLoop', ({ ownerId, botUsername, restarts, cloneId }) => {
    const bot = escapeHtml(botUsername);
    send(ownerId, (t) => t('notify.crashLoop', { bot }));
    for (const admin of adminIds) send(admin, (t) => t('notify.adminCrashLoop', { cloneId, bot, count: restarts }));
  });
}

import { Composer, type Context } from 'telegraf';
import type { CloneFileDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { parseLinkCode } from '../services/linkCodes';
import { formatDuration } from '../services/durations';
import { telegramDescription } from '@motherbot/bot-kit';
import type { ForceSubscribeGate } from './forceSubscribe';
import type { LinkGate } from './linkGate';

export type OpenLink = (userId: number, code: string, opts?: { gatePassed?: boolean }) => Promise<void>;

export const LINK_INVALID = 'This link is not valid. Please check that you copied all of it.';
export const LINK_GONE = 'This file is no longer available: the owner deleted it, or the link never existed.';

/**
 * Sends one stored file to a user: from the storage channel if it has a copy there, else by
 * file_id. A passing 429 or 5xx is waited out by the Telegram client's own retry layer.
 */
async function sendFile(rt: CloneRuntime, chatId: number, file: CloneFileDoc, protect: boolean): Promise<number> {
  const extra = { protect_content: protect };
  if (file.storage) {
    try {
      const { message_id } = await rt.telegram.copyMessage(chatId, file.storage.chatId, file.storage.messageId, extra);
      return message_id;
    } catch (error) {
      // The copy in the channel is gone or unreachable: the bot's own file_id still works.
      rt.deps.logger.warn('storage copy failed, sending by file_id', { code: file._id, description: telegramDescription(error) });
    }
  }
  const media = { ...extra, caption: file.caption ?? undefined, caption_entities: (file.captionEntities ?? undefined) as never };
  const t = rt.telegram;
  const send = (): Promise<{ message_id: number }> => {
    switch (file.kind) {
      case 'photo': return t.sendPhoto(chatId, file.fileId, media);
      case 'video': return t.sendVideo(chatId, file.fileId, media);
      case 'audio': return t.sendAudio(chatId, file.fileId, media);
      case 'voice': return t.sendVoice(chatId, file.fileId, media);
      case 'animation': return t.sendAnimation(chatId, file.fileId, media);
      default: return t.sendDocument(chatId, file.fileId, media);
    }
  };
  return (await send()).message_id;
}

/**
 * Opens a share link for a user: checks the code, the force-subscribe gate, link verification
 * and the daily quota, sends the files
 * (protected if the owner said so), records the delivery and, with auto-delete on, sends the
 * notice and stores the deletion job. Every failure ends in a friendly line, never an error.
 *
 * Reads are point reads by code. Nothing after the first send can make the update run again
 * (the delivery is counted in memory and written later), so a file is never sent twice for
 * one update.
 */
export function createLinkOpener(rt: CloneRuntime, gate: ForceSubscribeGate, linkGate?: LinkGate): OpenLink {
  const say = (chatId: number, text: string): Promise<unknown> => rt.telegram.sendMessage(chatId, text).catch(() => undefined);
  return async (userId, code, opts = {}) => {
    const link = parseLinkCode(code);
    if (!link) return void (await say(userId, LINK_INVALID));
    const files = await rt.data.library.filesOf(link.kind, code);
    if (files.length === 0) return void (await say(userId, LINK_GONE));
    if (!opts.gatePassed) {
      const missing = await gate.missingChannels(userId);
      if (missing.length > 0) {
        const names = missing.length === 1 ? 'the channel below' : 'the channels below';
        await rt.telegram.sendMessage(userId, `To get this file, please join ${names} first, then press "Try again".`, gate.joinKeyboard(missing, code));
        return;
      }
    }
    const settings = await rt.settings.get();
    // Link verification and the daily quota (nothing to read when both are off).
    const verdict = linkGate ? await linkGate.check(userId, code, settings) : null;
    if (verdict && !verdict.deliver) return;
    const delivered: number[] = [];
    for (const file of files) {
      try {
        delivered.push(await sendFile(rt, userId, file, settings.protectContent));
      } catch (error) {
        rt.deps.logger.warn('delivery failed', { code: file._id, description: telegramDescription(error) });
      }
    }
    if (delivered.length === 0) return void (await say(userId, 'Sorry, I could not send this file right now. Please try again later.'));
    rt.data.stats.recordDelivery(userId, code);
    if (verdict?.countQuota) {
      await linkGate!.countDelivery(userId, verdict.access).catch((error: unknown) => rt.deps.logger.error('could not count a delivery against the quota', { error }));
    }
    if (settings.autoDeleteSeconds > 0) {
      const what = delivered.length === 1 ? 'This file' : `These ${delivered.length} files`;
      const notice = await rt.telegram
        .sendMessage(userId, `⏳ ${what} will be deleted in ${formatDuration(settings.autoDeleteSeconds)}. Save what you need before then.`)
        .catch(() => undefined);
      // The files are out: a failure from here on is logged, never a reason to run the update again.
      await rt.deletions
        .schedule({ chatId: userId, messageIds: delivered, noticeMessageId: notice?.message_id ?? null, dueAt: new Date(Date.now() + settings.autoDeleteSeconds * 1000) })
        .catch((error: unknown) => rt.deps.logger.error('could not schedule the auto-delete of delivered files', { error }));
    }
  };
}

/** `/start <payload>`: a share link being opened. */
export function deliverFeature(openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  composer.start(async (ctx, next) => {
    if (!ctx.payload) return next();
    await openLink(ctx.from.id, ctx.payload);
  });
  return composer;
}

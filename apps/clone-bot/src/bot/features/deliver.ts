import { Composer, type Context } from 'telegraf';
import type { CloneFileDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { parseLinkCode } from '../services/linkCodes';
import { formatDuration } from '../services/durations';
import { withRetryAfter, telegramDescription } from '../services/telegramErrors';
import type { ForceSubscribeGate } from './forceSubscribe';

export type OpenLink = (userId: number, code: string, opts?: { gatePassed?: boolean }) => Promise<void>;

export const LINK_INVALID = 'This link is not valid. Please check that you copied all of it.';
export const LINK_GONE = 'This file is no longer available: the owner deleted it, or the link never existed.';

/** The files behind a code, in order, without deleted ones; null when the link itself is gone. */
async function resolveCode(rt: CloneRuntime, code: string): Promise<CloneFileDoc[] | null> {
  const link = parseLinkCode(code);
  if (!link) return null;
  if (link.kind === 'file') {
    const file = await rt.models.File.findOne({ _id: code, deletedAt: null }).lean<CloneFileDoc>();
    return file ? [file] : [];
  }
  const batch = await rt.models.Batch.findOne({ _id: code, deletedAt: null }).lean();
  if (!batch) return [];
  const files = await rt.models.File.find({ _id: { $in: batch.fileCodes }, deletedAt: null }).lean<CloneFileDoc[]>();
  const byId = new Map(files.map((f) => [f._id, f]));
  return batch.fileCodes.map((c) => byId.get(c)).filter((f): f is CloneFileDoc => f !== undefined);
}

/** Sends one stored file to a user: from the storage channel if it has a copy there, else by file_id. */
async function sendFile(rt: CloneRuntime, chatId: number, file: CloneFileDoc, protect: boolean): Promise<number> {
  const extra = { protect_content: protect };
  if (file.storage) {
    try {
      const { message_id } = await withRetryAfter(() => rt.telegram.copyMessage(chatId, file.storage!.chatId, file.storage!.messageId, extra));
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
  return (await withRetryAfter(send)).message_id;
}

/**
 * Opens a share link for a user: checks the code, the force-subscribe gate, sends the files
 * (protected if the owner said so), records the delivery and, with auto-delete on, sends the
 * notice and stores the deletion job. Every failure ends in a friendly line, never an error.
 */
export function createLinkOpener(rt: CloneRuntime, gate: ForceSubscribeGate): OpenLink {
  const say = (chatId: number, text: string): Promise<unknown> => rt.telegram.sendMessage(chatId, text).catch(() => undefined);
  return async (userId, code, opts = {}) => {
    if (!parseLinkCode(code)) return void (await say(userId, LINK_INVALID));
    const files = await resolveCode(rt, code);
    if (!files || files.length === 0) return void (await say(userId, LINK_GONE));
    if (!opts.gatePassed) {
      const missing = await gate.missingChannels(userId);
      if (missing.length > 0) {
        const names = missing.length === 1 ? 'the channel below' : 'the channels below';
        await rt.telegram.sendMessage(userId, `To get this file, please join ${names} first, then press "Try again".`, gate.joinKeyboard(missing, code));
        return;
      }
    }
    const settings = await rt.settings.get();
    const delivered: number[] = [];
    for (const file of files) {
      try {
        delivered.push(await sendFile(rt, userId, file, settings.protectContent));
      } catch (error) {
        rt.deps.logger.warn('delivery failed', { code: file._id, description: telegramDescription(error) });
      }
    }
    if (delivered.length === 0) return void (await say(userId, 'Sorry, I could not send this file right now. Please try again later.'));
    await rt.models.Delivery.create({ userId, code, files: delivered.length, at: new Date() });
    if (settings.autoDeleteSeconds > 0) {
      const what = delivered.length === 1 ? 'This file' : `These ${delivered.length} files`;
      const notice = await rt.telegram
        .sendMessage(userId, `⏳ ${what} will be deleted in ${formatDuration(settings.autoDeleteSeconds)}. Save what you need before then.`)
        .catch(() => undefined);
      await rt.deletions.schedule({
        chatId: userId,
        messageIds: delivered,
        noticeMessageId: notice?.message_id ?? null,
        dueAt: new Date(Date.now() + settings.autoDeleteSeconds * 1000),
      });
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

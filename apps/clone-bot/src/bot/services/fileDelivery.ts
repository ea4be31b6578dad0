import type { CloneFileDoc, CloneSettingsDoc } from '@motherbot/core';
import { telegramDescription, telegramErrorCode } from '@motherbot/bot-kit';
import type { InlineKeyboardMarkup, InputMediaAudio, InputMediaDocument, InputMediaPhoto, InputMediaVideo, MessageEntity } from 'telegraf/types';
import type { CloneRuntime } from '../context';
import { cloneTexts } from '../../i18n/texts';
import { captionFor, type FilledCaption } from './captionTemplate';
import { planDelivery } from './mediaGroups';
import { shareLink } from './linkCodes';
import { formatDuration } from './durations';

/** What a delivery needs besides the files: the settings read once for the whole link, the link's code (for the share button), the user's locale. */
export interface DeliveryOptions {
  settings: CloneSettingsDoc;
  code: string;
  locale: string;
}

type Extra = { protect_content: boolean; caption?: string; caption_entities?: MessageEntity[]; reply_markup?: InlineKeyboardMarkup };

/** The button under delivered files, or undefined when the owner set none. */
export function fileButton(rt: CloneRuntime, opts: DeliveryOptions): InlineKeyboardMarkup | undefined {
  const s = opts.settings;
  if (s.fileButton === 'channel' && s.fileButtonUrl) {
    return { inline_keyboard: [[{ text: cloneTexts.t(opts.locale, 'deliver.channelButton'), url: s.fileButtonUrl }]] };
  }
  if (s.fileButton === 'share') {
    const url = `https://t.me/share/url?url=${encodeURIComponent(shareLink(rt.deps.botUsername, opts.code))}`;
    return { inline_keyboard: [[{ text: cloneTexts.t(opts.locale, 'deliver.shareButton'), url }]] };
  }
  return undefined;
}

/** The caption a file is sent with: the filled template, none, or (null) its own as stored. */
function captionOf(rt: CloneRuntime, file: CloneFileDoc, settings: CloneSettingsDoc): FilledCaption | null {
  return captionFor(file, settings, rt.deps.botUsername);
}

/**
 * Sends one stored file: from the storage channel if it has a copy there, else by file_id. A
 * passing 429 or 5xx is waited out by the Telegram client's own retry layer.
 */
async function sendOne(rt: CloneRuntime, chatId: number, file: CloneFileDoc, opts: DeliveryOptions, markup: InlineKeyboardMarkup | undefined): Promise<number> {
  const filled = captionOf(rt, file, opts.settings);
  const extra: Extra = { protect_content: opts.settings.protectContent, ...(markup ? { reply_markup: markup } : {}) };
  if (filled) Object.assign(extra, { caption: filled.caption, caption_entities: filled.entities });
  if (file.storage) {
    try {
      const { message_id } = await rt.telegram.copyMessage(chatId, file.storage.chatId, file.storage.messageId, extra);
      return message_id;
    } catch (error) {
      // The copy in the channel is gone or unreachable: the bot's own file_id still works.
      rt.deps.logger.warn('storage copy failed, sending by file_id', { code: file._id, description: telegramDescription(error) });
    }
  }
  const media = filled ? extra : { ...extra, caption: file.caption ?? undefined, caption_entities: (file.captionEntities ?? undefined) as MessageEntity[] | undefined };
  const t = rt.telegram;
  switch (file.kind) {
    case 'photo': return (await t.sendPhoto(chatId, file.fileId, media)).message_id;
    case 'video': return (await t.sendVideo(chatId, file.fileId, media)).message_id;
    case 'audio': return (await t.sendAudio(chatId, file.fileId, media)).message_id;
    case 'voice': return (await t.sendVoice(chatId, file.fileId, media)).message_id;
    case 'animation': return (await t.sendAnimation(chatId, file.fileId, media)).message_id;
    default: return (await t.sendDocument(chatId, file.fileId, media)).message_id;
  }
}

type AlbumItem = InputMediaPhoto | InputMediaVideo | InputMediaDocument | InputMediaAudio;

function albumItem(rt: CloneRuntime, file: CloneFileDoc, settings: CloneSettingsDoc): AlbumItem {
  const filled = captionOf(rt, file, settings);
  const caption = filled ? filled.caption : file.caption ?? undefined;
  const entities = filled ? filled.entities : ((file.captionEntities ?? undefined) as MessageEntity[] | undefined);
  const item = { type: file.kind, media: file.fileId, ...(caption ? { caption, caption_entities: entities } : {}) };
  return item as AlbumItem;
}

/**
 * Delivers a link's files in order, as albums where the kinds allow (services/mediaGroups.ts),
 * each file with the owner's caption and button. Returns the ids of every message sent (for
 * auto-delete). An album Telegram refuses (400) is sent one file at a time instead; any other
 * failure skips that step, so no file is sent twice for one update, and the user is told at the
 * end that some files did not come (the link can be opened again). Never throws.
 */
export async function deliverFiles(rt: CloneRuntime, chatId: number, files: CloneFileDoc[], opts: DeliveryOptions): Promise<number[]> {
  const markup = fileButton(rt, opts);
  const delivered: number[] = [];
  let albumSent = false;
  let missed = 0;
  const single = async (file: CloneFileDoc): Promise<void> => {
    try {
      delivered.push(await sendOne(rt, chatId, file, opts, markup));
    } catch (error) {
      missed += 1;
      rt.deps.logger.warn('delivery failed', { code: file._id, description: telegramDescription(error) });
    }
  };
  for (const step of planDelivery(files)) {
    if ('single' in step) {
      await single(step.single);
      continue;
    }
    try {
      const sent = await rt.telegram.sendMediaGroup(chatId, step.group.map((f) => albumItem(rt, f, opts.settings)) as never, { protect_content: opts.settings.protectContent });
      delivered.push(...sent.map((m) => m.message_id));
      albumSent = true;
    } catch (error) {
      const refused = telegramErrorCode(error) === 400;
      rt.deps.logger.warn(refused ? 'album refused, sending its files one by one' : 'album delivery failed', { codes: step.group.map((f) => f._id), description: telegramDescription(error) });
      // Only a refusal is known to have sent nothing; after anything else a retry could send twice.
      if (refused) for (const file of step.group) await single(file);
      else missed += step.group.length;
    }
  }
  // Telegram puts no buttons under an album: one message below it carries the owner's button.
  if (albumSent && markup) {
    const key = opts.settings.fileButton === 'share' ? 'deliver.shareBelowAlbum' : 'deliver.channelBelowAlbum';
    const note = await rt.telegram.sendMessage(chatId, cloneTexts.t(opts.locale, key), { reply_markup: markup }).catch(() => undefined);
    if (note) delivered.push(note.message_id);
  }
  // Only after a partial delivery: a link whose every file failed is answered by its caller.
  if (missed > 0 && delivered.length > 0) {
    await rt.telegram.sendMessage(chatId, cloneTexts.t(opts.locale, 'deliver.someMissing', { count: missed, total: files.length })).catch(() => undefined);
  }
  return delivered;
}

/**
 * With auto-delete on: the notice, and the deletion job of what was just sent (one opening, or
 * one page of a batch). The files are out already, so a failure here is logged, never thrown:
 * running the update again would send them twice.
 */
export async function scheduleAutoDelete(rt: CloneRuntime, chatId: number, delivered: number[], fileCount: number, opts: DeliveryOptions): Promise<void> {
  const seconds = opts.settings.autoDeleteSeconds;
  if (seconds <= 0 || delivered.length === 0) return;
  const notice = await rt.telegram
    .sendMessage(chatId, cloneTexts.t(opts.locale, 'deliver.autoDeleteNotice', { count: fileCount, delay: formatDuration(seconds) }))
    .catch(() => undefined);
  await rt.deletions
    .schedule({ chatId, messageIds: delivered, noticeMessageId: notice?.message_id ?? null, dueAt: new Date(Date.now() + seconds * 1000) })
    .catch((error: unknown) => rt.deps.logger.error('could not schedule the auto-delete of delivered files', { error }));
}

import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { extractMedia } from '../services/media';
import { codeFromText, newLinkCode, parseLinkCode, shareLink } from '../services/linkCodes';
import { telegramDescription } from '@motherbot/bot-kit';
import { managerCommand, NOT_ALLOWED } from './managerOnly';

export const MAX_BATCH_FILES = 50;

/**
 * Stores the file of a message under a new code: by the clone's own file_id, and copied into
 * the storage channel when the owner set one. Returns null when the message has no file.
 */
export async function storeUpload(rt: CloneRuntime, message: { chat: { id: number }; message_id: number }, createdBy: number): Promise<{ code: string; fileName: string; warning?: string } | null> {
  const media = extractMedia(message);
  if (!media) return null;
  const code = newLinkCode('file');
  const { storageChannelId } = await rt.settings.get();
  let storage: { chatId: number; messageId: number } | null = null;
  let warning: string | undefined;
  if (storageChannelId !== null) {
    try {
      const copy = await rt.telegram.copyMessage(storageChannelId, message.chat.id, message.message_id);
      storage = { chatId: storageChannelId, messageId: copy.message_id };
    } catch (error) {
      warning = `I could not copy it to the storage channel (${telegramDescription(error)}); it is stored by this bot's file id instead.`;
    }
  }
  // The same content stored before keeps its link: addFile returns the code that holds it.
  const held = await rt.data.library.addFile({ _id: code, ...media, storage, createdBy });
  return { code: held, fileName: media.fileName, ...(warning ? { warning } : {}) };
}

/** Owner uploads (outside and inside a batch), `/link` on a reply, `/delete <link or code>`. */
export function shareFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const link = (code: string): string => shareLink(rt.deps.botUsername, code);

  managerCommand(composer, rt, 'link', async (ctx) => {
    const replied = (ctx.message as { reply_to_message?: { chat: { id: number }; message_id: number } }).reply_to_message;
    const stored = replied ? await storeUpload(rt, replied, ctx.from!.id) : null;
    if (!stored) return ctx.reply('Reply with /link to a message that has a file (document, photo, video, audio, voice or animation).');
    await ctx.reply(`🔗 <b>${escapeHtml(stored.fileName)}</b>\n${link(stored.code)}${stored.warning ? `\n\n⚠️ ${escapeHtml(stored.warning)}` : ''}`, { parse_mode: 'HTML' });
  });

  managerCommand(composer, rt, 'delete', async (ctx, args) => {
    const parsed = parseLinkCode(codeFromText(args, rt.deps.botUsername));
    if (!parsed) return ctx.reply('Usage: /delete <link or code>, e.g. /delete https://t.me/' + rt.deps.botUsername + '?start=f_…');
    if (!(await rt.data.library.deleteLink(parsed.kind, parsed.code))) return ctx.reply('There is no such link (or it was already deleted).');
    await ctx.reply(`Deleted. Anyone opening that ${parsed.kind === 'file' ? 'link' : 'batch link'} is now told the file is no longer available.`);
  });

  composer.on('message', async (ctx, next) => {
    if (!extractMedia(ctx.message)) return next();
    if (!(await rt.isManager(ctx.from.id))) return ctx.reply(`${NOT_ALLOWED} Send me a share link to get a file.`);
    const session = await rt.data.sessions.get(ctx.from.id);
    if (session?.batch && session.batch.length >= MAX_BATCH_FILES) {
      return ctx.reply(`A batch holds at most ${MAX_BATCH_FILES} files. Send /done to get its link.`);
    }
    const stored = await storeUpload(rt, ctx.message, ctx.from.id);
    if (!stored) return next();
    if (session?.batch) {
      await rt.data.sessions.addToBatch(ctx.from.id, session.batch, stored.code);
      return ctx.reply(`Added to the batch (${session.batch.length + 1}). Send more, or /done for the link.${stored.warning ? `\n⚠️ ${stored.warning}` : ''}`);
    }
    await ctx.reply(`🔗 <b>${escapeHtml(stored.fileName)}</b>\n${link(stored.code)}${stored.warning ? `\n\n⚠️ ${escapeHtml(stored.warning)}` : ''}`, { parse_mode: 'HTML' });
  });
  return composer;
}

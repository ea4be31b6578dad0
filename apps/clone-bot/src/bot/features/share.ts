import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { extractMedia } from '../services/media';
import { codeFromText, newLinkCode, parseLinkCode, shareLink } from '../services/linkCodes';
import { localeOf, telegramDescription } from '@motherbot/bot-kit';
import { AlbumCollector, type AlbumPart, type ClosedAlbum } from '../services/albumCollector';
import { cloneTexts, tr } from '../../i18n/texts';
import { managerCommand } from './managerOnly';

export const MAX_BATCH_FILES = 50;

/**
 * Stores the file of a message under a new code: by the clone's own file_id, and copied into
 * the storage channel when the owner set one. Returns null when the message has no file.
 * `warning` is the storage channel's refusal, to be shown in the owner's words.
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
      warning = telegramDescription(error);
    }
  }
  // The same content stored before keeps its link: addFile returns the code that holds it.
  const held = await rt.data.library.addFile({ _id: code, ...media, storage, createdBy });
  return { code: held, fileName: media.fileName, ...(warning ? { warning } : {}) };
}

/** The owner's reply for a stored upload: its name, its link, and the storage warning if any (HTML). */
function linkReply(t: (key: 'share.link' | 'share.storageWarning', params: Record<string, string>) => string, link: string, stored: { fileName: string; warning?: string }): string {
  const warning = stored.warning ? `\n\n${escapeHtml(t('share.storageWarning', { reason: stored.warning }))}` : '';
  return `${t('share.link', { name: escapeHtml(stored.fileName), link })}${warning}`;
}

/**
 * One link for a whole album: a batch of its stored files in the order sent (a single file's
 * own link when only one was stored), replied to the owner once the album is complete.
 */
async function replyAlbumLink(rt: CloneRuntime, album: ClosedAlbum<{ locale: string }>): Promise<void> {
  const t = cloneTexts.forLocale(album.meta.locale);
  const codes = [...new Set(album.parts.map((p) => p.code).filter((c): c is string => c !== null))];
  if (codes.length === 0) return void (await rt.telegram.sendMessage(album.ownerId, t('albums.failed')));
  let code = codes[0]!;
  if (codes.length > 1) {
    code = newLinkCode('batch');
    await rt.data.library.addBatch(code, codes, album.ownerId);
  }
  const warnings = [...new Set(album.parts.map((p) => p.warning).filter((w): w is string => Boolean(w)))];
  const text = [t('albums.link', { count: album.parts.length, link: shareLink(rt.deps.botUsername, code) }), ...warnings.map((reason) => t('share.storageWarning', { reason }))].join('\n\n');
  await rt.telegram.sendMessage(album.ownerId, text);
}

/** The albums owners are uploading, each answered with one link once complete (closeAll at worker stop). */
export function albumLinks(rt: CloneRuntime): AlbumCollector<{ locale: string }> {
  return new AlbumCollector<{ locale: string }>(
    (album) => replyAlbumLink(rt, album),
    1_500,
    (error) => rt.deps.logger.error('could not make the link of an album', { error }),
  );
}

/** Owner uploads (outside and inside a batch; albums as one link), `/link` on a reply, `/delete <link or code>`. */
export function shareFeature(rt: CloneRuntime, albums: AlbumCollector<{ locale: string }> = albumLinks(rt)): Composer<Context> {
  const composer = new Composer<Context>();
  const link = (code: string): string => shareLink(rt.deps.botUsername, code);
  // Albums a user who may not upload was already told about: one refusal per album, not per file.
  const refusedAlbums = new Set<string>();

  managerCommand(composer, rt, 'link', async (ctx) => {
    const replied = (ctx.message as { reply_to_message?: { chat: { id: number }; message_id: number } }).reply_to_message;
    const stored = replied ? await storeUpload(rt, replied, ctx.from!.id) : null;
    const t = tr(ctx);
    if (!stored) return ctx.reply(t('share.linkUsage'));
    await ctx.reply(linkReply(t, link(stored.code), stored), { parse_mode: 'HTML' });
  });

  managerCommand(composer, rt, 'delete', async (ctx, args) => {
    const parsed = parseLinkCode(codeFromText(args, rt.deps.botUsername));
    const t = tr(ctx);
    if (!parsed) return ctx.reply(t('share.deleteUsage', { bot: rt.deps.botUsername }));
    if (!(await rt.data.library.deleteLink(parsed.kind, parsed.code))) return ctx.reply(t('share.deleteNone'));
    await ctx.reply(t(parsed.kind === 'file' ? 'share.deletedFile' : 'share.deletedBatch'));
  });

  composer.on('message', async (ctx, next) => {
    if (!extractMedia(ctx.message)) return next();
    const t = tr(ctx);
    const mediaGroupId = (ctx.message as { media_group_id?: string }).media_group_id;
    if (!(await rt.isManager(ctx.from.id))) {
      if (mediaGroupId) {
        const key = `${ctx.from.id}:${mediaGroupId}`;
        if (refusedAlbums.has(key)) return;
        refusedAlbums.add(key);
        if (refusedAlbums.size > 1_000) refusedAlbums.delete(refusedAlbums.values().next().value!);
      }
      return ctx.reply(t('share.uploadNotAllowed'));
    }
    const session = await rt.data.sessions.get(ctx.from.id);
    if (mediaGroupId && !session?.batch) {
      // One file of an album: stored now, the album's one link once it is complete.
      const message = ctx.message;
      const ownerId = ctx.from.id;
      return albums.add(ownerId, mediaGroupId, { locale: localeOf(ctx) }, async (): Promise<AlbumPart> => {
        try {
          const stored = await storeUpload(rt, message, ownerId);
          return { messageId: message.message_id, code: stored?.code ?? null, ...(stored?.warning ? { warning: stored.warning } : {}) };
        } catch (error) {
          rt.deps.logger.error('could not store a file of an album', { error });
          return { messageId: message.message_id, code: null };
        }
      });
    }
    if (session?.batch && session.batch.length >= MAX_BATCH_FILES) {
      return ctx.reply(t('share.batchFull', { max: MAX_BATCH_FILES }));
    }
    const stored = await storeUpload(rt, ctx.message, ctx.from.id);
    if (!stored) return next();
    if (session?.batch) {
      await rt.data.sessions.addToBatch(ctx.from.id, session.batch, stored.code);
      const warning = stored.warning ? `\n${t('share.storageWarning', { reason: stored.warning })}` : '';
      return ctx.reply(`${t('share.addedToBatch', { count: session.batch.length + 1 })}${warning}`);
    }
    await ctx.reply(linkReply(t, link(stored.code), stored), { parse_mode: 'HTML' });
  });
  return composer;
}

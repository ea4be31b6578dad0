/**
 * send<Media>, getFile. A file arrives as a multipart upload or as a file_id string; a
 * file_id works only for the bot it was issued to (400 otherwise), while file_unique_id is
 * the same for everyone. HTTP URLs are refused: the sandbox has no internet to fetch them.
 */
import type { MethodContext, MethodHandler } from '../context';
import type { FileStore, StoredFile } from '../../state/files';
import { FILE_KINDS, type FileKind, type TgFileRef, type TgMessage } from '../../state/types';
import { badRequest, wrongFileId } from '../errors';
import { parseReplyMarkup } from '../markup';
import { chatForSending } from '../chatAccess';
import { postFromBot } from '../send';
import { readCaption } from './messages';

const DOWNLOAD_LIMIT = 20 * 1024 * 1024;

/** The file a media parameter names: an upload, `attach://<field>`, or this bot's file_id. */
function readMedia(ctx: MethodContext, kind: FileKind): StoredFile {
  const upload = ctx.params.upload(kind);
  const asString = upload ? undefined : ctx.params.str(kind);
  const attached = asString?.startsWith('attach://') ? ctx.params.upload(asString.slice('attach://'.length)) : undefined;
  const file = upload ?? attached;
  if (file) {
    if (file.data.length === 0) throw badRequest('file must be non-empty');
    return ctx.world.files.put(file.data, kind, file.name || undefined, file.type || undefined);
  }
  if (!asString) throw badRequest(`there is no ${kind} in the request`);
  const stored = ctx.world.files.resolve(ctx.bot.id, asString.trim());
  if (!stored) throw wrongFileId();
  return stored;
}

/** The message field for `file` as `botId` sees it (photo is an array of sizes). */
export function mediaField(
  files: FileStore,
  botId: number,
  file: StoredFile,
  kind: FileKind,
  dims: { duration?: number; width?: number; height?: number } = {},
): Partial<TgMessage> {
  const ref: TgFileRef = { file_id: files.fileIdFor(botId, file.uniqueId), file_unique_id: file.uniqueId, file_size: file.data.length };
  if (kind === 'photo') return { photo: [{ ...ref, width: file.width ?? 0, height: file.height ?? 0 }] };
  if (kind !== 'voice' && file.fileName) ref.file_name = file.fileName;
  if (file.mimeType) ref.mime_type = file.mimeType;
  const duration = dims.duration ?? 0;
  if (kind === 'video' || kind === 'animation') Object.assign(ref, { width: dims.width ?? 0, height: dims.height ?? 0, duration });
  if (kind === 'audio' || kind === 'voice') ref.duration = duration;
  if (kind === 'animation') return { animation: ref, document: { ...ref } };
  return { [kind]: ref };
}

/** Rewrites the file_ids in copied content so they belong to the calling bot. */
export function remapFiles(ctx: MethodContext, content: Partial<TgMessage>): Partial<TgMessage> {
  const out: Partial<TgMessage> = { ...content };
  const fix = (r: TgFileRef): TgFileRef => ({ ...r, file_id: ctx.world.files.fileIdFor(ctx.bot.id, r.file_unique_id) });
  for (const kind of FILE_KINDS) {
    const v = out[kind];
    if (Array.isArray(v)) out[kind] = v.map(fix) as never;
    else if (v) out[kind] = fix(v as TgFileRef) as never;
  }
  return out;
}

function sender(kind: FileKind): MethodHandler {
  return (ctx) => {
    const conv = chatForSending(ctx, ctx.params.chatId());
    const file = readMedia(ctx, kind);
    const dims = { duration: ctx.params.int('duration'), width: ctx.params.int('width'), height: ctx.params.int('height') };
    const fields = { ...mediaField(ctx.world.files, ctx.bot.id, file, kind, dims), ...readCaption(ctx) };
    return postFromBot(ctx, conv, fields, { markup: parseReplyMarkup(ctx.params) });
  };
}

const getFile: MethodHandler = (ctx) => {
  const id = ctx.params.reqStr('file_id', 'file_id not specified');
  const file = ctx.world.files.resolve(ctx.bot.id, id);
  if (!file) throw badRequest('invalid file_id');
  if (file.data.length > DOWNLOAD_LIMIT) throw badRequest('file is too big');
  return { file_id: id, file_unique_id: file.uniqueId, file_size: file.data.length, file_path: file.filePath };
};

export const mediaMethods: Record<string, MethodHandler> = {
  sendDocument: sender('document'),
  sendPhoto: sender('photo'),
  sendVideo: sender('video'),
  sendAudio: sender('audio'),
  sendVoice: sender('voice'),
  sendAnimation: sender('animation'),
  getFile,
};

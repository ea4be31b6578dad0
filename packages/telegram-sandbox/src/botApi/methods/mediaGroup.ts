/**
 * sendMediaGroup: 2–10 photos, videos, documents or audios sent as one album. As on Telegram,
 * photos and videos mix freely, documents group only with documents and audio only with audio;
 * animations and voice notes cannot be in an album. Every item is checked (file, caption
 * length) before the first message is posted, so a refused album posts nothing. The messages
 * come back in order, all with the same `media_group_id`. reply_markup is not accepted.
 */
import { randomBytes } from 'node:crypto';
import type { MethodContext, MethodHandler } from '../context';
import type { StoredFile } from '../../state/files';
import type { FileKind, MessageEntity, TgMessage } from '../../state/types';
import { badRequest, wrongFileId } from '../errors';
import { formatText } from '../entities';
import { chatForSending } from '../chatAccess';
import { postFromBot } from '../send';
import { mediaField } from './media';

const MAX_CAPTION = 1024;
const GROUPABLE = new Set<FileKind>(['photo', 'video', 'document', 'audio']);

interface InputMedia {
  type?: unknown;
  media?: unknown;
  caption?: unknown;
  parse_mode?: unknown;
  caption_entities?: MessageEntity[];
}

/** The kinds of one album are allowed together: visual (photo/video), or all documents, or all audio. */
export function albumKindsProblem(kinds: readonly FileKind[]): string | null {
  for (const lone of ['document', 'audio'] as const) {
    if (kinds.includes(lone) && kinds.some((k) => k !== lone)) return `${lone} can't be mixed with other media types`;
  }
  return null;
}

function resolveItem(ctx: MethodContext, item: InputMedia): { kind: FileKind; file: StoredFile; caption: Partial<TgMessage> } {
  const kind = item.type as FileKind;
  if (typeof item.type !== 'string' || !GROUPABLE.has(kind)) throw badRequest(`unsupported media type "${String(item.type)}" in a media group`);
  if (typeof item.media !== 'string' || item.media === '') throw badRequest("can't parse InputMedia: media not found");
  let file: StoredFile | undefined;
  if (item.media.startsWith('attach://')) {
    const upload = ctx.params.upload(item.media.slice('attach://'.length));
    if (!upload || upload.data.length === 0) throw badRequest("can't parse InputMedia: media not found");
    file = ctx.world.files.put(upload.data, kind, upload.name || undefined, upload.type || undefined);
  } else {
    file = ctx.world.files.resolve(ctx.bot.id, item.media.trim());
    if (!file) throw wrongFileId();
  }
  let caption: Partial<TgMessage> = {};
  if (typeof item.caption === 'string' && item.caption !== '') {
    const parsed = formatText(item.caption, typeof item.parse_mode === 'string' ? item.parse_mode : undefined, item.caption_entities);
    if (parsed.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
    caption = parsed.entities.length ? { caption: parsed.text, caption_entities: parsed.entities } : { caption: parsed.text };
  }
  return { kind, file, caption };
}

const sendMediaGroup: MethodHandler = (ctx) => {
  const conv = chatForSending(ctx, ctx.params.chatId());
  const media = ctx.params.json<InputMedia[]>('media', 'media');
  if (media === undefined) throw badRequest('media to send are not specified');
  if (!Array.isArray(media)) throw badRequest('expected an Array of InputMedia');
  if (media.length < 2 || media.length > 10) throw badRequest('wrong number of media group items: must include 2-10 items');
  if (ctx.params.has('reply_markup')) throw badRequest('reply markup is not supported in media groups');
  const items = media.map((item) => resolveItem(ctx, (item ?? {}) as InputMedia));
  const problem = albumKindsProblem(items.map((i) => i.kind));
  if (problem) throw badRequest(problem);
  ctx.flood.take(ctx.bot.id, conv.chat.id, conv.chat.type === 'group' || conv.chat.type === 'supergroup');
  const mediaGroupId = BigInt('0x' + randomBytes(7).toString('hex')).toString();
  return items.map((i) =>
    postFromBot(ctx, conv, { ...mediaField(ctx.world.files, ctx.bot.id, i.file, i.kind), ...i.caption, media_group_id: mediaGroupId }, { floodCounted: true }),
  );
};

export const mediaGroupMethods: Record<string, MethodHandler> = { sendMediaGroup };

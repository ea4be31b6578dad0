import type { Message } from 'telegraf/types';
import type { CloneFileDoc, CloneFileKind } from '@motherbot/core';
import { normalizeForSearch } from './searchQuery';

/** What the clone keeps of an uploaded file (its own file_id; see docs/clone-bot.md). */
export type StoredMedia = Pick<
  CloneFileDoc,
  'kind' | 'fileId' | 'fileUniqueId' | 'fileName' | 'mimeType' | 'size' | 'caption' | 'captionEntities' | 'searchText'
>;

type AnyMessage = Partial<Message.DocumentMessage & Message.PhotoMessage & Message.VideoMessage & Message.AudioMessage & Message.VoiceMessage & Message.AnimationMessage>;

/** The file of a message, if it carries one the clone stores; null for anything else. */
export function extractMedia(message: unknown): StoredMedia | null {
  if (typeof message !== 'object' || message === null) return null;
  const m = message as AnyMessage;
  const caption = m.caption ?? null;
  const captionEntities = (m.caption_entities as unknown[] | undefined) ?? null;
  const base = (kind: CloneFileKind, file: { file_id: string; file_unique_id: string; file_size?: number }, name: string | undefined, mime: string | undefined): StoredMedia => {
    const fileName = (name ?? '').slice(0, 256) || defaultName(kind, caption);
    return {
      kind,
      fileId: file.file_id,
      fileUniqueId: file.file_unique_id,
      fileName,
      mimeType: mime ?? null,
      size: file.file_size ?? null,
      caption,
      captionEntities,
      searchText: normalizeForSearch(`${fileName} ${caption ?? ''}`).slice(0, 2000),
    };
  };
  // animation before document: Telegram sends both fields for a GIF.
  if (m.animation) return base('animation', m.animation, m.animation.file_name, m.animation.mime_type);
  if (m.document) return base('document', m.document, m.document.file_name, m.document.mime_type);
  if (m.video) return base('video', m.video, m.video.file_name, m.video.mime_type);
  if (m.audio) return base('audio', m.audio, m.audio.file_name ?? m.audio.title, m.audio.mime_type);
  if (m.voice) return base('voice', m.voice, undefined, m.voice.mime_type);
  if (m.photo && m.photo.length > 0) return base('photo', m.photo[m.photo.length - 1]!, undefined, 'image/jpeg');
  return null;
}

function defaultName(kind: CloneFileKind, caption: string | null): string {
  const firstLine = caption?.split('\n')[0]?.trim();
  return firstLine ? firstLine.slice(0, 120) : kind;
}

import type { MessageEntity } from 'telegraf/types';

/**
 * The owner's caption template: plain text with placeholders, filled per delivered file.
 *
 * Injection-safe by construction: the caption is sent as plain text plus entities (never with
 * parse_mode), so `<b>` in a template or a file name is shown as typed. The only formatting is
 * the file's own caption entities, moved to where {original_caption} sits. The filled caption
 * is cut to Telegram's 1024 characters without splitting a surrogate pair or an entity whose
 * meaning a cut would change (a link, a mention, a custom emoji); style entities are shortened.
 */

/** Every placeholder a template may use, with what it becomes. */
export const CAPTION_PLACEHOLDERS = ['file_name', 'file_size', 'original_caption', 'bot_username'] as const;
export type CaptionPlaceholder = (typeof CAPTION_PLACEHOLDERS)[number];

/** Telegram's limit on a media caption (UTF-16 code units, as JS strings count). */
export const CAPTION_LIMIT = 1024;

const PLACEHOLDER = /\{([A-Za-z0-9_]+)\}/g;
const KNOWN = new Set<string>(CAPTION_PLACEHOLDERS);
/** Entities a cut may not shorten: a shortened one would point somewhere else. */
const ATOMIC = new Set(['url', 'text_link', 'mention', 'text_mention', 'hashtag', 'cashtag', 'bot_command', 'email', 'phone_number', 'custom_emoji']);

export type TemplateProblem = { kind: 'empty' } | { kind: 'tooLong'; length: number } | { kind: 'unknown'; names: string[] };

/** Why a template cannot be saved, or null when it can. */
export function templateProblem(template: string): TemplateProblem | null {
  if (template.trim() === '') return { kind: 'empty' };
  if (template.length > CAPTION_LIMIT) return { kind: 'tooLong', length: template.length };
  const unknown = [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!).filter((n) => !KNOWN.has(n)))];
  return unknown.length > 0 ? { kind: 'unknown', names: unknown } : null;
}

/** A size in human units, as Telegram's apps show it: 512 B, 12.3 KB, 1.4 MB. Empty when unknown. */
export function humanSize(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value >= 100 ? Math.round(value) : Number(value.toFixed(1))} ${units[unit]}`;
}

export interface CaptionFile {
  fileName: string;
  size: number | null;
  caption: string | null;
  captionEntities: unknown[] | null;
}

export interface CaptionSettings {
  captionTemplate: string | null;
  keepOriginalCaption: boolean;
}

/** A caption to send: text and its entities (possibly empty: no caption at all). */
export interface FilledCaption {
  caption: string;
  entities: MessageEntity[];
}

/**
 * The caption a delivered file gets, or null to leave the file's own caption as stored (no
 * template and "keep the original" on: nothing to change, so a copy from the storage channel
 * needs no override).
 */
export function captionFor(file: CaptionFile, settings: CaptionSettings, botUsername: string): FilledCaption | null {
  if (settings.captionTemplate === null) return settings.keepOriginalCaption ? null : { caption: '', entities: [] };
  return fillTemplate(settings.captionTemplate, file, botUsername);
}

/** Fills the template for one file and cuts it to the caption limit. */
export function fillTemplate(template: string, file: CaptionFile, botUsername: string): FilledCaption {
  const values: Record<CaptionPlaceholder, string> = {
    file_name: file.fileName,
    file_size: humanSize(file.size),
    original_caption: file.caption ?? '',
    bot_username: `@${botUsername}`,
  };
  let text = '';
  const entities: MessageEntity[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1]!;
    if (!KNOWN.has(name)) continue; // refused when saved; an older template keeps it as written
    text += template.slice(last, m.index);
    if (name === 'original_caption') {
      for (const e of (file.captionEntities ?? []) as MessageEntity[]) if (validEntity(e, values.original_caption.length)) entities.push({ ...e, offset: e.offset + text.length });
    }
    text += values[name as CaptionPlaceholder];
    last = m.index! + m[0].length;
  }
  text += template.slice(last);
  return cutCaption(text.trim() === '' ? '' : text, entities, CAPTION_LIMIT);
}

function validEntity(e: MessageEntity, within: number): boolean {
  return typeof e?.offset === 'number' && typeof e.length === 'number' && e.offset >= 0 && e.length > 0 && e.offset + e.length <= within;
}

/**
 * Cuts a caption to `limit` characters, ending with "…": never inside a surrogate pair, never
 * inside an atomic entity (the cut moves before it); style entities crossing the cut are
 * shortened to end there, entities after it are dropped.
 */
export function cutCaption(text: string, entities: MessageEntity[], limit: number): FilledCaption {
  if (text.length <= limit) return { caption: text, entities };
  let cut = limit - 1;
  for (const e of entities) if (ATOMIC.has(e.type) && e.offset < cut && e.offset + e.length > cut) cut = Math.min(cut, e.offset);
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const kept: MessageEntity[] = [];
  for (const e of entities) {
    if (e.offset >= cut) continue;
    if (e.offset + e.length <= cut) kept.push(e);
    else kept.push({ ...e, length: cut - e.offset });
  }
  return { caption: `${text.slice(0, cut)}…`, entities: kept };
}

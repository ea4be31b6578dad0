/**
 * The owner's formatted texts (welcome, force-subscribe, verification) are stored as HTML that
 * this file generates from the owner's message: its plain `text` and its `entities`.
 *
 * Why HTML and not text + entities: the texts carry `{first_name}`-style placeholders whose
 * values change the length of the text, and every entity after a placeholder would have to be
 * shifted (in UTF-16 units) on every send; in HTML a placeholder is replaced by its escaped
 * value and nothing moves. One string is also what the settings screen previews, what the old
 * plain welcome text becomes (escaped), and what every send path already passes with
 * `parse_mode: 'HTML'`.
 *
 * Why it is safe: the HTML is never taken from the owner. Every character of the text is
 * escaped (an owner typing `<b>` or `&` gets it literally); the only tags are the ones written
 * here, for entities checked here (known type, whole UTF-16 code units inside the text, never
 * splitting a surrogate pair, links only http(s)/tg/mailto), and the nesting is rebuilt so the
 * tags always balance, whatever offsets a client sends (guarded by the unit and fuzz tests in
 * services/__tests__/entitiesToHtml.test.ts and test/fuzzClone.test.ts).
 */

/** The part of Telegram's MessageEntity this file reads. */
export interface TextEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
  custom_emoji_id?: string;
}

interface Span {
  type: string;
  start: number;
  end: number;
  open: string;
  close: string;
}

const SIMPLE: Record<string, [string, string]> = {
  bold: ['<b>', '</b>'],
  italic: ['<i>', '</i>'],
  underline: ['<u>', '</u>'],
  strikethrough: ['<s>', '</s>'],
  spoiler: ['<tg-spoiler>', '</tg-spoiler>'],
  code: ['<code>', '</code>'],
  blockquote: ['<blockquote>', '</blockquote>'],
  expandable_blockquote: ['<blockquote expandable>', '</blockquote>'],
};
/** Entities that contain nothing else and are in nothing else (Telegram refuses formatting inside code). */
const ISOLATED = new Set(['code', 'pre', 'custom_emoji']);
/** Entities that never overlap one of their own kind. */
const EXCLUSIVE = new Set(['text_link', 'blockquote', 'expandable_blockquote']);
const SAFE_URL = /^(https?:\/\/|tg:\/\/|mailto:)[^\s]{1,2000}$/i;

/** Escapes text for HTML content and attribute values alike. */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const isHigh = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;
const isLow = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff;

/** The tags of one entity, or null for a type shown as plain text (url, mention, hashtag… Telegram finds those itself). */
function tagsOf(e: TextEntity): [string, string] | null {
  if (SIMPLE[e.type]) return SIMPLE[e.type]!;
  if (e.type === 'pre') {
    const lang = typeof e.language === 'string' && /^[A-Za-z0-9_+#.-]{1,32}$/.test(e.language) ? e.language : null;
    return lang ? [`<pre><code class="language-${lang}">`, '</code></pre>'] : ['<pre>', '</pre>'];
  }
  if (e.type === 'text_link') return typeof e.url === 'string' && SAFE_URL.test(e.url) ? [`<a href="${escapeHtmlText(e.url)}">`, '</a>'] : null;
  if (e.type === 'custom_emoji') return typeof e.custom_emoji_id === 'string' && /^\d{1,30}$/.test(e.custom_emoji_id) ? [`<tg-emoji emoji-id="${e.custom_emoji_id}">`, '</tg-emoji>'] : null;
  return null;
}

/** The entities worth a tag, checked and clipped to the text; conflicting ones dropped (first come, first kept). */
function spansOf(text: string, entities: unknown): Span[] {
  if (!Array.isArray(entities)) return [];
  const candidates: Span[] = [];
  for (const raw of entities.slice(0, 200)) {
    if (!raw || typeof raw !== 'object') continue;
    const e = raw as TextEntity;
    if (typeof e.type !== 'string' || !Number.isSafeInteger(e.offset) || !Number.isSafeInteger(e.length)) continue;
    let start = e.offset;
    let end = e.offset + e.length;
    if (start < 0 || e.length <= 0 || end > text.length) continue;
    // Never cut a surrogate pair (an emoji): widen to the whole character.
    if (start > 0 && isLow(text.charCodeAt(start)) && isHigh(text.charCodeAt(start - 1))) start -= 1;
    if (end < text.length && isLow(text.charCodeAt(end)) && isHigh(text.charCodeAt(end - 1))) end += 1;
    const tags = tagsOf(e);
    if (!tags) continue;
    candidates.push({ type: e.type, start, end, open: tags[0], close: tags[1] });
  }
  const kept: Span[] = [];
  const overlaps = (a: Span, b: Span): boolean => a.start < b.end && b.start < a.end;
  const family = (type: string): string => (type.endsWith('blockquote') ? 'blockquote' : type);
  for (const span of candidates) {
    const clash = kept.some(
      (k) => overlaps(k, span) && (ISOLATED.has(k.type) || ISOLATED.has(span.type) || (EXCLUSIVE.has(k.type) && family(k.type) === family(span.type))),
    );
    if (!clash) kept.push(span);
  }
  return kept;
}

/**
 * Safe HTML for `text` formatted by `entities` (UTF-16 offsets, as Telegram sends them). Bad
 * entities (unknown type, out of range, negative, overlapping code) are left out; crossing
 * entities are closed and reopened so the tags nest. Never throws.
 */
export function entitiesToHtml(text: string, entities: unknown): string {
  const spans = spansOf(text, entities).sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Span[] = [];
  let out = '';
  let next = 0;
  for (let p = 0; p <= text.length; p++) {
    // Close what ends here; anything above it on the stack that goes on is closed and reopened.
    const lowest = stack.findIndex((s) => s.end === p);
    if (lowest >= 0) {
      const popped = stack.splice(lowest);
      for (let i = popped.length - 1; i >= 0; i--) out += popped[i]!.close;
      for (const s of popped.filter((x) => x.end > p).sort((a, b) => b.end - a.end)) {
        out += s.open;
        stack.push(s);
      }
    }
    while (next < spans.length && spans[next]!.start === p) {
      out += spans[next]!.open;
      stack.push(spans[next]!);
      next += 1;
    }
    if (p < text.length) out += escapeHtmlText(text[p]!);
  }
  return out;
}

/**
 * The length Telegram counts for a text given as HTML this file (or `escapeHtml`) produced:
 * the characters left once tags are dropped and the four escapes decoded (UTF-16 units, which
 * is never less than Telegram's count).
 */
export function htmlTextLength(html: string): number {
  return html.replace(/<[^>]*>/g, '').replace(/&(lt|gt|amp|quot);/g, '_').length;
}

/** True when HTML shows nothing but blanks (Telegram refuses an empty message): e.g. a welcome of only `{last_name}` for a user without one. */
export function isBlankHtml(html: string): boolean {
  return html.replace(/<[^>]*>/g, '').trim() === '';
}

/** parse_mode=HTML, following https://core.telegram.org/bots/api#html-style. */
import type { MessageEntity } from '../../state/types';
import { byteOffset, finishEntities, parseError, type ParsedText } from './common';

const SIMPLE_TAGS: Record<string, string> = {
  b: 'bold', strong: 'bold', i: 'italic', em: 'italic', u: 'underline', ins: 'underline',
  s: 'strikethrough', strike: 'strikethrough', del: 'strikethrough', 'tg-spoiler': 'spoiler', code: 'code', pre: 'pre',
};

interface Open { tag: string; start: number; entity?: MessageEntity }

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? decodeEntities(m[1] ?? m[2] ?? m[3] ?? '') : undefined;
}

function decodeEntities(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/gi, (m, name: string) => {
    const n = name.toLowerCase();
    if (n === 'lt') return '<';
    if (n === 'gt') return '>';
    if (n === 'amp') return '&';
    if (n === 'quot') return '"';
    const code = n.startsWith('#x') ? parseInt(n.slice(2), 16) : parseInt(n.slice(1), 10);
    return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

export function parseHtml(source: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i];
    if (ch === '&') {
      const m = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.exec(source.slice(i, i + 12));
      if (m) { text += decodeEntities(m[0]); i += m[0].length; continue; }
      text += ch; i++; continue;
    }
    if (ch !== '<') { text += ch; i++; continue; }
    const close = source.indexOf('>', i);
    if (close < 0) throw parseError(`Can't find end of the tag at byte offset ${byteOffset(source, i)}`);
    const inner = source.slice(i + 1, close);
    if (inner.startsWith('/')) {
      const name = inner.slice(1).trim().toLowerCase();
      const top = stack.pop();
      if (!top || (name !== '' && name !== top.tag)) {
        const expected = top ? `, expected "</${top.tag}>", found "</${name}>"` : '';
        throw parseError(`Unmatched end tag at byte offset ${byteOffset(source, i)}${expected}`);
      }
      if (top.entity) { top.entity.length = text.length - top.start; entities.push(top.entity); }
    } else {
      const m = /^([a-z-]+)([\s\S]*)$/i.exec(inner);
      const name = (m?.[1] ?? '').toLowerCase();
      const attrs = m?.[2] ?? '';
      const at = byteOffset(source, i);
      let entity: MessageEntity | undefined;
      if (SIMPLE_TAGS[name]) entity = { type: SIMPLE_TAGS[name]!, offset: text.length, length: 0 };
      else if (name === 'a') {
        const href = attr(attrs, 'href');
        entity = href ? { type: 'text_link', offset: text.length, length: 0, url: href } : undefined;
      } else if (name === 'span') {
        if (attr(attrs, 'class') !== 'tg-spoiler') throw parseError(`Tag "span" must have class "tg-spoiler" at byte offset ${at}`);
        entity = { type: 'spoiler', offset: text.length, length: 0 };
      } else if (name === 'blockquote') {
        entity = { type: /\bexpandable\b/i.test(attrs) ? 'expandable_blockquote' : 'blockquote', offset: text.length, length: 0 };
      } else if (name === 'tg-emoji') {
        const id = attr(attrs, 'emoji-id');
        if (!id) throw parseError(`Custom emoji entity must contain a valid custom emoji identifier at byte offset ${at}`);
        entity = { type: 'custom_emoji', offset: text.length, length: 0, custom_emoji_id: id };
      } else {
        throw parseError(`Unsupported start tag "${name}" at byte offset ${at}`);
      }
      if (name === 'code' && entity) {
        // <pre><code class="language-x"> sets the pre's language instead of adding a code entity.
        const parent = stack[stack.length - 1];
        const lang = attr(attrs, 'class');
        if (parent?.tag === 'pre' && parent.entity) {
          if (lang?.startsWith('language-')) parent.entity.language = lang.slice('language-'.length);
          entity = undefined;
        }
      }
      stack.push({ tag: name, start: text.length, entity });
    }
    i = close + 1;
  }
  const open = stack.pop();
  if (open) throw parseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  return { text, entities: finishEntities(entities) };
}

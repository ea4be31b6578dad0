/** parse_mode=MarkdownV2 and the legacy Markdown, after https://core.telegram.org/bots/api#formatting-options. */
import type { MessageEntity } from '../../state/types';
import { byteOffset, finishEntities, parseError, type ParsedText } from './common';

const RESERVED_V2 = new Set('_*[]()~`>#+-=|{}.!'.split(''));
const NAMES: Record<string, string> = {
  bold: 'Bold', italic: 'Italic', underline: 'Underline', strikethrough: 'Strikethrough',
  spoiler: 'Spoiler', text_link: 'TextUrl', code: 'Code', pre: 'Pre',
};

interface Open { type: string; start: number; at: number }

export function parseMarkdownV2(src: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: Open[] = [];
  let quote: MessageEntity | undefined;
  const toggle = (type: string, at: number): void => {
    const top = stack[stack.length - 1];
    if (top?.type === type) {
      stack.pop();
      entities.push({ type, offset: top.start, length: text.length - top.start });
    } else if (stack.some((o) => o.type === type)) {
      throw parseError(`Can't find end of ${NAMES[type]} entity at byte offset ${byteOffset(src, at)}`);
    } else stack.push({ type, start: text.length, at });
  };
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    const lineStart = i === 0 || src[i - 1] === '\n';
    if (lineStart && quote && ch !== '>') { quote.length = text.length - quote.offset; entities.push(quote); quote = undefined; }
    if (ch === '\\' && i + 1 < src.length) { text += src[i + 1]; i += 2; continue; }
    if (ch === '`') {
      const isPre = src.startsWith('```', i);
      const fence = isPre ? '```' : '`';
      const end = findUnescaped(src, fence, i + fence.length);
      if (end < 0) throw parseError(`Can't find end of ${isPre ? 'Pre' : 'Code'} entity at byte offset ${byteOffset(src, i)}`);
      let body = src.slice(i + fence.length, end);
      const entity: MessageEntity = { type: isPre ? 'pre' : 'code', offset: text.length, length: 0 };
      if (isPre) {
        const nl = body.indexOf('\n');
        const first = nl >= 0 ? body.slice(0, nl) : '';
        if (nl >= 0 && /^[\w+#-]+$/.test(first)) entity.language = first;
        if (nl >= 0 && (first === '' || entity.language)) body = body.slice(nl + 1);
      }
      text += body.replace(/\\([`\\])/g, '$1');
      entity.length = text.length - entity.offset;
      entities.push(entity);
      i = end + fence.length;
      continue;
    }
    if (ch === '>' && lineStart) {
      if (!quote) quote = { type: 'blockquote', offset: text.length, length: 0 };
      i++;
      continue;
    }
    if (ch === '*') { toggle('bold', i); i++; continue; }
    if (ch === '~') { toggle('strikethrough', i); i++; continue; }
    if (ch === '_') {
      if (src[i + 1] === '_') { toggle('underline', i); i += 2; } else { toggle('italic', i); i++; }
      continue;
    }
    if (ch === '|' && src[i + 1] === '|') { toggle('spoiler', i); i += 2; continue; }
    if (ch === '[') { stack.push({ type: 'text_link', start: text.length, at: i }); i++; continue; }
    if (ch === ']' && stack[stack.length - 1]?.type === 'text_link') {
      const open = stack.pop()!;
      if (src[i + 1] !== '(') throw parseError(`Can't find end of a URL at byte offset ${byteOffset(src, i)}`);
      const end = findUnescaped(src, ')', i + 2);
      if (end < 0) throw parseError(`Can't find end of a URL at byte offset ${byteOffset(src, i)}`);
      const url = src.slice(i + 2, end).replace(/\\([)\\])/g, '$1');
      entities.push({ type: 'text_link', offset: open.start, length: text.length - open.start, url });
      i = end + 1;
      continue;
    }
    if (RESERVED_V2.has(ch)) {
      throw parseError(`Character '${ch}' is reserved and must be escaped with the preceding '\\'`);
    }
    text += ch;
    i++;
  }
  if (quote) { quote.length = text.length - quote.offset; entities.push(quote); }
  const open = stack[0];
  if (open) throw parseError(`Can't find end of ${NAMES[open.type]} entity at byte offset ${byteOffset(src, open.at)}`);
  return { text, entities: finishEntities(entities) };
}

function findUnescaped(src: string, needle: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') { i++; continue; }
    if (src.startsWith(needle, i)) return i;
  }
  return -1;
}

/** Legacy Markdown: no nesting, `*bold* _italic_ \`code\` \`\`\`pre\`\`\` [text](url)`. */
export function parseMarkdown(src: string): ParsedText {
  let text = '';
  const entities: MessageEntity[] = [];
  let i = 0;
  const marks: Record<string, string> = { '*': 'bold', _: 'italic', '`': 'code' };
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\' && '_*`['.includes(src[i + 1] ?? '')) { text += src[i + 1]; i += 2; continue; }
    const fence = src.startsWith('```', i) ? '```' : marks[ch] ? ch : ch === '[' ? '[' : undefined;
    if (!fence) { text += ch; i++; continue; }
    const closer = fence === '[' ? ']' : fence;
    const end = src.indexOf(closer, i + fence.length);
    if (end < 0) throw parseError(`Can't find end of the entity starting at byte offset ${byteOffset(src, i)}`);
    const body = src.slice(i + fence.length, end);
    if (fence === '[') {
      const m = /^\(([^)]*)\)/.exec(src.slice(end + 1));
      if (!m) { text += '['; i++; continue; }
      entities.push({ type: 'text_link', offset: text.length, length: body.length, url: m[1]! });
      text += body;
      i = end + 1 + m[0].length;
      continue;
    }
    entities.push({ type: fence === '```' ? 'pre' : marks[fence]!, offset: text.length, length: body.length });
    text += body;
    i = end + closer.length;
  }
  return { text, entities: finishEntities(entities) };
}

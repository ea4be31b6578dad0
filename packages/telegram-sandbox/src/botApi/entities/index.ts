/**
 * Formatting: turns `text` + `parse_mode` (or explicit `entities`) into the plain text and
 * entity list Telegram stores, and detects the auto-entities bots rely on (bot_command, url,
 * mention) so that Telegraf's `bot.command()` matching works for messages from users too.
 */
import type { MessageEntity } from '../../state/types';
import { badRequest } from '../errors';
import { parseHtml } from './html';
import { parseMarkdown, parseMarkdownV2 } from './markdown';
import type { ParsedText } from './common';

export type { ParsedText } from './common';

export function formatText(source: string, parseMode: string | undefined, explicit?: MessageEntity[]): ParsedText {
  let parsed: ParsedText;
  if (explicit && explicit.length > 0) parsed = { text: source, entities: explicit };
  else if (!parseMode) parsed = { text: source, entities: [] };
  else {
    const mode = parseMode.toLowerCase();
    if (mode === 'html') parsed = parseHtml(source);
    else if (mode === 'markdownv2') parsed = parseMarkdownV2(source);
    else if (mode === 'markdown') parsed = parseMarkdown(source);
    else throw badRequest(`unsupported parse_mode`);
  }
  const auto = autoEntities(parsed.text).filter(
    (a) => !parsed.entities.some((e) => a.offset < e.offset + e.length && e.offset < a.offset + a.length && (e.type === 'code' || e.type === 'pre')),
  );
  const entities = [...parsed.entities, ...auto].sort((a, b) => a.offset - b.offset);
  return { text: parsed.text, entities };
}

const AUTO = /(^|[\s(])(\/[a-zA-Z0-9_]{1,64}(?:@[a-zA-Z0-9_]{3,32})?|@[a-zA-Z0-9_]{4,32}|https?:\/\/[^\s]+)/g;

/** bot_command, mention and url entities Telegram adds to any text. */
export function autoEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const m of text.matchAll(AUTO)) {
    const token = m[2]!;
    const offset = (m.index ?? 0) + m[1]!.length;
    const type = token.startsWith('/') ? 'bot_command' : token.startsWith('@') ? 'mention' : 'url';
    out.push({ type, offset, length: token.length });
  }
  return out;
}

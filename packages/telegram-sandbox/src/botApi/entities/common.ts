/** Internal helpers shared by the parse_mode parsers. */
import { badRequest, ApiError } from '../errors';
import type { MessageEntity } from '../../state/types';

/** Parsed text: plain text plus entities with UTF-16 offsets, as Telegram returns them. */
export interface ParsedText {
  text: string;
  entities: MessageEntity[];
}

/** Telegram reports positions as UTF-8 byte offsets into the source text. */
export function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

export function parseError(what: string): ApiError {
  return badRequest(`can't parse entities: ${what}`);
}

/** Drops empty entities and orders them by offset like Telegram does. */
export function finishEntities(entities: MessageEntity[]): MessageEntity[] {
  return entities.filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset || b.length - a.length);
}

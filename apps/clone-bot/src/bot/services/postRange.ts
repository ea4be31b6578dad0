import type { IndexChannel } from '@motherbot/core';
import { parsePostLink, type PostLink } from './postLinks';

/** The most posts one `/index` reads. */
export const MAX_INDEX_RANGE = 10_000;
/** The most posts one range `/batch` reads (at most 20 batch links of 50 files: one message). */
export const MAX_BATCH_RANGE = 1_000;

/** Why a range was refused, with what the message about it needs. */
export type RangeRefusal =
  | { reason: 'usage' }
  | { reason: 'notPostLink'; link: string }
  | { reason: 'otherChannel'; link: string }
  | { reason: 'reversed'; first: number; last: number }
  | { reason: 'tooLarge'; count: number; max: number };

/**
 * Reads `<first post link> <last post link>` against the connected channel: both links must be
 * posts of that channel, first ≤ last, at most `max` posts. Pure; nothing is read from Telegram.
 */
export function parsePostRange(args: string, channel: IndexChannel, max: number): { first: number; last: number } | RangeRefusal {
  const words = args.trim().split(/\s+/).filter(Boolean);
  if (words.length !== 2) return { reason: 'usage' };
  const ids: number[] = [];
  for (const word of words) {
    const link = parsePostLink(word);
    if (!link) return { reason: 'notPostLink', link: word.slice(0, 100) };
    if (!isOf(link, channel)) return { reason: 'otherChannel', link: word.slice(0, 100) };
    ids.push(link.messageId);
  }
  const [first, last] = ids as [number, number];
  if (first > last) return { reason: 'reversed', first, last };
  const count = last - first + 1;
  if (count > max) return { reason: 'tooLarge', count, max };
  return { first, last };
}

function isOf(link: PostLink, channel: IndexChannel): boolean {
  if (link.kind === 'private') return link.chatId === channel.chatId;
  return channel.username !== null && link.username.toLowerCase() === channel.username.toLowerCase();
}

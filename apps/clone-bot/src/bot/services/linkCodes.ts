import { randomBytes } from 'node:crypto';

/**
 * Share codes: the deep-link payloads of file and batch links. A code is a one-letter kind,
 * `_`, and 16 characters of base64url (no padding) from 12 random bytes (96 bits), so it is
 * within Telegram's 64 characters of `A-Za-z0-9_-`, neither sequential nor guessable.
 */
export type LinkKind = 'file' | 'batch';

const PREFIX: Record<LinkKind, string> = { file: 'f', batch: 'b' };
const CODE_PATTERN = /^([fb])_([A-Za-z0-9_-]{16})$/;

/** A new random code of the given kind. */
export function newLinkCode(kind: LinkKind): string {
  return `${PREFIX[kind]}_${randomBytes(12).toString('base64url')}`;
}

/** The kind of a well-formed code, or null for anything else (never throws). */
export function parseLinkCode(value: unknown): { kind: LinkKind; code: string } | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const match = CODE_PATTERN.exec(value);
  if (!match) return null;
  return { kind: match[1] === 'b' ? 'batch' : 'file', code: value };
}

/** The link a user opens: `https://t.me/<bot>?start=<code>`. */
export function shareLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}

/**
 * Finds a code in what an owner or user typed: the bare code, or any t.me link to this bot
 * with `?start=<code>`. Returns the raw candidate (to be checked by {@link parseLinkCode}).
 */
export function codeFromText(text: string, botUsername: string): string | null {
  const trimmed = text.trim();
  if (CODE_PATTERN.test(trimmed)) return trimmed;
  const escaped = botUsername.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`(?:https?://)?t(?:elegram)?\\.me/${escaped}\\?start=([A-Za-z0-9_-]{1,64})`, 'i').exec(trimmed);
  return match?.[1] ?? null;
}

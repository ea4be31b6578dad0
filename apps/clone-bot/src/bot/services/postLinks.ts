/**
 * Post links of a channel, as Telegram's apps copy them: `https://t.me/<username>/<id>` for a
 * public channel, `https://t.me/c/<internal id>/<id>` for any channel (the chat id is
 * `-100<internal id>`). A `?single`, `?comment=…` tail or a thread segment is allowed. Pure.
 */
export type PostLink = { kind: 'public'; username: string; messageId: number } | { kind: 'private'; chatId: number; messageId: number };

const PUBLIC = /^(?:https?:\/\/)?(?:www\.)?t(?:elegram)?\.me\/([A-Za-z][A-Za-z0-9_]{3,31})\/(?:\d{1,10}\/)?(\d{1,10})\/?(?:\?\S*)?$/i;
const PRIVATE = /^(?:https?:\/\/)?(?:www\.)?t(?:elegram)?\.me\/c\/(\d{1,13})\/(?:\d{1,10}\/)?(\d{1,10})\/?(?:\?\S*)?$/i;
/** The largest message id Telegram gives (a signed 32-bit integer). */
const MAX_MESSAGE_ID = 2 ** 31 - 1;

/** The post a link names, or null when it is no post link. */
export function parsePostLink(text: string): PostLink | null {
  const value = text.trim();
  if (value.length > 200) return null;
  const priv = PRIVATE.exec(value);
  if (priv) {
    const messageId = Number(priv[2]);
    if (!validId(messageId) || Number(priv[1]) === 0) return null;
    return { kind: 'private', chatId: Number(`-100${priv[1]}`), messageId };
  }
  const pub = PUBLIC.exec(value);
  if (!pub || pub[1]!.toLowerCase() === 'c') return null;
  const messageId = Number(pub[2]);
  return validId(messageId) ? { kind: 'public', username: pub[1]!, messageId } : null;
}

function validId(id: number): boolean {
  return Number.isSafeInteger(id) && id >= 1 && id <= MAX_MESSAGE_ID;
}

/** A channel's internal id in t.me/c links (its chat id without `-100`), or null for a chat id of another shape. */
export function internalChannelId(chatId: number): string | null {
  const text = String(chatId);
  return text.startsWith('-100') && text.length > 4 ? text.slice(4) : null;
}

/** The link to a post, public when the channel has a username. */
export function postLink(channel: { chatId: number; username: string | null }, messageId: number): string {
  if (channel.username) return `https://t.me/${channel.username}/${messageId}`;
  return `https://t.me/c/${internalChannelId(channel.chatId) ?? Math.abs(channel.chatId)}/${messageId}`;
}

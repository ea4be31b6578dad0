/**
 * Reads what an owner typed to name a channel: `@name`, `https://t.me/name`, a numeric id,
 * optionally followed by an invite link (`https://t.me/+…` or `…/joinchat/…`). Pure.
 */
export function parseChatRef(text: string): { ref: string | number; inviteLink: string | null } | null {
  const parts = text.trim().split(/\s+/).slice(0, 3);
  const first = parts[0] ?? '';
  const invite = parts.slice(1).find((p) => /^https:\/\/t\.me\/(\+|joinchat\/)[A-Za-z0-9_-]{5,64}$/.test(p)) ?? null;
  if (/^-?\d{5,20}$/.test(first)) return { ref: Number(first), inviteLink: invite };
  const name = /^(?:@|https?:\/\/t\.me\/)([A-Za-z][A-Za-z0-9_]{3,31})$/.exec(first)?.[1];
  if (name) return { ref: `@${name}`, inviteLink: invite };
  return null;
}

import { escapeHtmlText, htmlTextLength } from './services/entitiesToHtml';

export interface Person {
  first_name: string;
  last_name?: string;
  username?: string;
  id: number;
}

/** The placeholders every owner text may use, with the longest value each can take (Telegram: names 64, usernames 32). */
const PLACEHOLDER_MAX: Record<string, number> = { first_name: 64, last_name: 64, full_name: 129, username: 33, id: 20 };
const PLACEHOLDER = /\{(first_name|last_name|full_name|username|id)\}/g;

/**
 * Fills the person placeholders of an owner's HTML text (see services/entitiesToHtml.ts). Every
 * value is escaped, so a user named `<b>` or `"&` is shown as typed and never breaks the markup,
 * in the text or in a link's address.
 */
export function fillPersonHtml(html: string, user: Person): string {
  const values: Record<string, string> = {
    first_name: user.first_name,
    last_name: user.last_name ?? '',
    full_name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    username: user.username ? `@${user.username}` : user.first_name,
    id: String(user.id),
  };
  return html.replace(PLACEHOLDER, (_, key: string) => escapeHtmlText(values[key] ?? ''));
}

/** A plain-text template (the welcome before it could be formatted) filled, as HTML: the template is escaped too. */
export function renderWelcome(template: string, user: Person): string {
  return fillPersonHtml(escapeHtmlText(template), user);
}

/**
 * The longest the text of `html` can get once its placeholders are filled: checked against
 * Telegram's limits when the owner saves it, so no user's name can push a send over them.
 */
export function worstCaseTextLength(html: string): number {
  let extra = 0;
  for (const m of html.matchAll(PLACEHOLDER)) extra += PLACEHOLDER_MAX[m[1]!]! - m[0].length;
  return htmlTextLength(html) + Math.max(0, extra);
}

import { escapeHtml } from '@motherbot/core';

interface Person {
  first_name: string;
  last_name?: string;
  username?: string;
  id: number;
}

/**
 * Fills the owner's welcome template. The template and every value are escaped, so neither
 * the owner nor a user with an odd name can inject markup that Telegram would reject.
 */
export function renderWelcome(template: string, user: Person): string {
  const values: Record<string, string> = {
    first_name: user.first_name,
    last_name: user.last_name ?? '',
    full_name: [user.first_name, user.last_name].filter(Boolean).join(' '),
    username: user.username ? `@${user.username}` : user.first_name,
    id: String(user.id),
  };
  return escapeHtml(template).replace(/\{(first_name|last_name|full_name|username|id)\}/g, (_, key: string) => escapeHtml(values[key] ?? ''));
}

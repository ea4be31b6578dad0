/** Escapes text for Telegram's HTML parse mode: anything a user or owner wrote is shown through this. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

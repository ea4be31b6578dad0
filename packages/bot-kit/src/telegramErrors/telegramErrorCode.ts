/** The Bot API error code of a Telegraf error (TelegramError has `code`), if any. */
export function telegramErrorCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown; response?: { error_code?: unknown } } | null)?.response?.error_code ?? (error as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

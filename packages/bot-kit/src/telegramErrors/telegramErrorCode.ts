/**
 * The Bot API error code of an error, if it has one: Telegraf's `TelegramError` carries it as
 * `response.error_code` (and `code`), grammY and raw Bot API replies as `error_code` or `code`.
 * A network failure has none (its `code` is a string such as ECONNRESET). The classifier
 * ({@link classifyTelegramError}) and the 401/409 verdicts of polling read the code from here.
 */
export function telegramErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as { code?: unknown; error_code?: unknown; response?: { error_code?: unknown } | null };
  const code = shape.response?.error_code ?? shape.error_code ?? shape.code;
  return typeof code === 'number' ? code : undefined;
}

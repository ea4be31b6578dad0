import type { SendOutcome } from './types';

interface TelegramErrorShape {
  error_code?: unknown;
  code?: unknown;
  description?: unknown;
  message?: unknown;
  parameters?: { retry_after?: unknown } | null;
  response?: { error_code?: unknown; description?: unknown; parameters?: { retry_after?: unknown } | null } | null;
}

const asObject = (value: unknown): TelegramErrorShape =>
  typeof value === 'object' && value !== null ? (value as TelegramErrorShape) : {};

/**
 * Turns an error thrown by a Telegram client into a {@link SendOutcome}, without importing one:
 * Telegraf's `TelegramError` carries `response: { error_code, description, parameters }`, grammY
 * and raw Bot API replies carry `error_code`/`code`, `description` and `parameters` on the object.
 * Anything without a numeric HTTP code (ECONNRESET, a timeout, a fetch failure) is transient.
 */
export function classifyTelegramError(error: unknown): SendOutcome {
  const err = asObject(error);
  const response = asObject(err.response);
  const rawCode = response.error_code ?? err.error_code ?? err.code;
  const code = typeof rawCode === 'number' ? rawCode : undefined;
  const description = String(response.description ?? err.description ?? err.message ?? error ?? 'unknown error');
  const parameters = response.parameters ?? err.parameters ?? undefined;

  if (code === 429) return { ok: false, kind: 'retry_after', seconds: retryAfterSeconds(parameters?.retry_after, description) };
  if (code === 403) return { ok: false, kind: 'blocked', description };
  if (code === 401) return { ok: false, kind: 'fatal', description };
  if (code !== undefined && code >= 400 && code < 500) return { ok: false, kind: 'failed', description };
  return { ok: false, kind: 'transient', description };
}

/** `parameters.retry_after`, else the number in "Too Many Requests: retry after 7", else 1 s. */
function retryAfterSeconds(raw: unknown, description: string): number {
  const fromParameters = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  if (Number.isFinite(fromParameters) && fromParameters > 0) return fromParameters;
  const fromText = /retry after (\d+)/i.exec(description);
  return fromText ? Math.max(1, Number(fromText[1])) : 1;
}

import type { SendOutcome } from '@motherbot/core';
import { telegramErrorCode } from './telegramErrorCode';

interface TelegramErrorShape {
  description?: unknown;
  message?: unknown;
  parameters?: { retry_after?: unknown } | null;
  response?: { description?: unknown; parameters?: { retry_after?: unknown } | null } | null;
}

const asObject = (value: unknown): TelegramErrorShape =>
  typeof value === 'object' && value !== null ? (value as TelegramErrorShape) : {};

/**
 * The one reading of Telegram's errors in both bots: turns an error thrown by a Telegram client
 * into a {@link SendOutcome} (core's contract for a send), whatever the client: Telegraf's
 * `TelegramError` carries `response: { error_code, description, parameters }`, grammY and raw
 * Bot API replies carry `error_code`/`code`, `description` and `parameters` on the object.
 * Anything without a numeric HTTP code (ECONNRESET, a timeout, a fetch failure) is transient.
 * The retry layer, the poller, the broadcast sender and the bots' hints all decide from it.
 */
export function classifyTelegramError(error: unknown): SendOutcome {
  const err = asObject(error);
  const response = asObject(err.response);
  const code = telegramErrorCode(error);
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

/** Telegram's description of an error ("Bad Request: chat not found"), for logs and owner hints. */
export function telegramDescription(error: unknown): string {
  const outcome = classifyTelegramError(error);
  return outcome.ok ? '' : outcome.kind === 'retry_after' ? `Too Many Requests: retry after ${outcome.seconds}` : outcome.description;
}

/** Whether an error is worth another try later (429, 5xx, network) rather than final. */
export function isRetryableTelegramError(error: unknown): boolean {
  const outcome = classifyTelegramError(error);
  return !outcome.ok && (outcome.kind === 'retry_after' || outcome.kind === 'transient');
}

/**
 * Runs one Bot API call for a bot: method lookup, fault injection is NOT here (that is
 * transport-level, see server/botApiRoute.ts), then the handler. Used by the HTTP route and
 * by webhook replies (a method returned in a webhook response body).
 */
import type { BotRecord } from '../state/world';
import type { Services } from './context';
import { findMethod } from './dispatcher';
import { ApiError, notFound } from './errors';
import { Params, type RawParams } from './params';

export interface ApiResponse { status: number; body: Record<string, unknown> }

export async function invoke(services: Services, bot: BotRecord, method: string, raw: RawParams, signal: AbortSignal): Promise<ApiResponse> {
  const entry = findMethod(method);
  services.stats.request(bot.id, entry?.name ?? method);
  try {
    if (!entry) throw notFound();
    const result = await entry.handler({ ...services, bot, params: new Params(raw), signal });
    return { status: 200, body: { ok: true, result } };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.code, body: e.toJSON() };
    // A bug in the sandbox, not a bad request: make it loud but keep serving.
    console.error(`[telegram-sandbox] ${method} failed:`, e);
    return { status: 500, body: { ok: false, error_code: 500, description: `Internal Server Error: ${(e as Error).message}` } };
  }
}

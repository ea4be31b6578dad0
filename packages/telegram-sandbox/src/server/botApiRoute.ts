/**
 * `/bot<token>/<method>` and `/file/bot<token>/<path>`: token check (401), injected
 * faults, body parsing, then the method. The HTTP status always equals error_code.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../botApi/context';
import type { FaultSpec, FaultTable } from '../botApi/faults';
import type { HeldCalls } from '../botApi/heldCalls';
import { ApiError, unauthorized, tooManyRequests } from '../botApi/errors';
import { invoke } from '../botApi/invoke';
import { parseParams, type BodyLimits } from './body';
import { sendJson } from './respond';

export interface BotApiDeps {
  services: Services;
  faults: FaultTable;
  held: HeldCalls;
  limits: BodyLimits;
}

/** Fault kinds that keep the call waiting (heldCalls.ts) rather than answer it with an error. */
const WAITING_KINDS = new Set<FaultSpec['kind']>(['hold', 'delay', 'timeout']);

export async function handleBotApi(deps: BotApiDeps, req: IncomingMessage, res: ServerResponse, token: string, method: string, query: URLSearchParams): Promise<void> {
  const bot = deps.services.world.tokens.get(decodeURIComponent(token));
  if (!bot) return drainThen(req, () => sendJson(res, 401, unauthorized().toJSON()));
  const fault = deps.faults.match(bot.id, method);
  if (fault && !WAITING_KINDS.has(fault.kind)) return drainThen(req, () => applyFault(fault.kind, fault.retryAfter ?? 1, res));
  const abort = new AbortController();
  const onClose = (): void => { if (!res.writableFinished) abort.abort(); };
  res.on('close', onClose);
  const onStop = (): void => abort.abort();
  deps.services.stopping.addEventListener('abort', onStop);
  try {
    if (fault) {
      const kind = fault.kind as 'hold' | 'delay' | 'timeout';
      // A 'timeout' call is never released: only the client giving up or stop() ends it.
      if (!(await deps.held.wait({ botId: bot.id, method, kind }, abort.signal, fault.delayMs))) return void res.socket?.destroy();
    }
    let raw;
    try {
      raw = await parseParams(req, query, deps.limits);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(400, 'Bad Request: invalid request');
      return sendJson(res, err.code, err.toJSON());
    }
    const out = await invoke(deps.services, bot, method, raw, abort.signal);
    sendJson(res, out.status, out.body);
  } finally {
    deps.services.stopping.removeEventListener('abort', onStop);
    res.off('close', onClose);
  }
}

function applyFault(kind: string, retryAfter: number, res: ServerResponse): void {
  if (kind === '429') return sendJson(res, 429, tooManyRequests(retryAfter).toJSON());
  if (kind === 'http5xx') return sendJson(res, 502, { ok: false, error_code: 502, description: 'Bad Gateway' });
  res.socket?.destroy(); // 'drop'
}

/** Consumes an unread request body before answering, so clients never see EPIPE. */
function drainThen(req: IncomingMessage, fn: () => void): void {
  if (req.readableEnded) return fn();
  req.on('end', fn);
  req.on('error', fn);
  req.resume();
}

export function handleFileDownload(deps: BotApiDeps, res: ServerResponse, token: string, filePath: string): void {
  const bot = deps.services.world.tokens.get(decodeURIComponent(token));
  if (!bot) return sendJson(res, 401, unauthorized().toJSON());
  const file = deps.services.world.files.byFilePath(decodeURIComponent(filePath));
  if (!file) return sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
  res.writeHead(200, { 'content-type': file.mimeType ?? 'application/octet-stream', 'content-length': file.data.length });
  res.end(file.data);
}

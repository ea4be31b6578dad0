/**
 * The one HTTP entry point: routes Bot API calls, file downloads, the control API and the
 * web chat. Nothing thrown below escapes as a crash: unexpected errors become a 500 JSON.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TelegramSandbox } from '../sandbox';
import { handleBotApi, handleFileDownload, type BotApiDeps } from './botApiRoute';
import { handleControl } from '../control/controlApi';
import { WEB_CHAT_HTML } from '../webchat/page.html';
import { sendJson } from './respond';

export interface ServerDeps extends BotApiDeps { sandbox: TelegramSandbox }

const BOT_ROUTE = /^\/bot([^/]+)\/([^/]*)$/;
const FILE_ROUTE = /^\/file\/bot([^/]+)\/(.+)$/;

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(deps, req, res).catch((e: unknown) => {
      console.error('[telegram-sandbox] request failed:', e);
      sendJson(res, 500, { ok: false, error_code: 500, description: 'Internal Server Error' });
    });
  };
}

async function route(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox');
  const path = url.pathname;
  let m = BOT_ROUTE.exec(path);
  if (m) return handleBotApi(deps, req, res, m[1]!, m[2]!, url.searchParams);
  m = FILE_ROUTE.exec(path);
  if (m) return handleFileDownload(deps, res, m[1]!, m[2]!);
  if (path.startsWith('/_sandbox/')) return handleControl(deps.sandbox, req, res, path.slice('/_sandbox/'.length), url.searchParams);
  if (path === '/' || path === '/index.html') {
    const body = Buffer.from(WEB_CHAT_HTML);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store' });
    res.end(body);
    return;
  }
  req.resume();
  sendJson(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
}

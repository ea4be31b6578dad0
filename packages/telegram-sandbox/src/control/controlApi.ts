/**
 * The control API over HTTP (`/_sandbox/...`, JSON in and out, `{ok, result|error}`), for
 * the web chat, the demo and out-of-process tests. Each route calls the same in-process
 * method of TelegramSandbox; see docs/sandbox.md for the list.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TelegramSandbox } from '../sandbox';
import type { WorldEvent } from '../state/world';
import type { FileKind } from '../state/types';
import { readBody } from '../server/body';
import { sendJson } from '../server/respond';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Route = (sb: TelegramSandbox, body: Body, query: URLSearchParams) => unknown;

const num = (v: unknown): number => Number(v);

const routes: Record<string, Route> = {
  'GET state': (sb) => ({ bots: sb.bots(), users: sb.users(), chats: sb.chats(), cursor: sb.cursor() }),
  'POST bots': (sb, b) => sb.createBot({ username: b.username, firstName: b.firstName, token: b.token, canManageBots: b.canManageBots }),
  'POST users': (sb, b) => sb.createUser({ firstName: b.firstName, lastName: b.lastName, username: b.username, id: b.id, languageCode: b.languageCode }),
  'POST channels': (sb, b) => sb.createChannel({ title: b.title, username: b.username }),
  'POST groups': (sb, b) => sb.createGroup({ title: b.title, username: b.username, supergroup: b.supergroup }),
  'POST users/language': (sb, b) => { sb.setUserLanguage(num(b.userId), b.languageCode ? String(b.languageCode) : null); return true; },
  'POST members': (sb, b) => { sb.setChatMember(num(b.chatId), num(b.userId), b.status); return true; },
  'POST messages': (sb, b) => sb.sendText(num(b.userId), b.bot, String(b.text ?? ''), { chatId: b.chatId, replyToMessageId: b.replyToMessageId, entities: Array.isArray(b.entities) ? b.entities : undefined }),
  'POST files': (sb, b) => sb.sendFile(num(b.userId), b.bot, {
    kind: (b.kind ?? 'document') as FileKind, fileName: b.fileName, mimeType: b.mimeType, caption: b.caption, content: Buffer.from(String(b.contentBase64 ?? ''), 'base64'),
  }),
  'POST albums': (sb, b) => sb.sendAlbum(num(b.userId), b.bot, ((b.files ?? []) as Body[]).map((f) => ({
    kind: (f.kind ?? 'photo') as FileKind, fileName: f.fileName, mimeType: f.mimeType, caption: f.caption, content: Buffer.from(String(f.contentBase64 ?? ''), 'base64'),
  }))),
  'POST channel-posts': (sb, b) => sb.postToChannel(num(b.userId), num(b.chatId), b.text !== undefined ? { text: String(b.text) } : { file: {
    kind: (b.kind ?? 'document') as FileKind, fileName: b.fileName, mimeType: b.mimeType, caption: b.caption, content: Buffer.from(String(b.contentBase64 ?? ''), 'base64'),
  } }),
  'POST forwards': (sb, b) => sb.forwardToBot(num(b.userId), b.bot, { text: b.text, fromUserId: b.fromUserId, fromChatId: b.fromChatId }),
  'POST callbacks': async (sb, b) => {
    const r = await sb.pressButton(num(b.userId), b.bot, num(b.messageId), String(b.data), { force: b.force });
    const answer = await Promise.race([r.answer, new Promise((res) => setTimeout(res, num(b.waitMs ?? 3000)).unref())]);
    return { callbackQueryId: r.callbackQueryId, answer: answer ?? null };
  },
  'POST keyboard': (sb, b) => sb.pressKeyboardButton(num(b.userId), b.bot, String(b.text)),
  'POST payments': (sb, b) => sb.payInvoice(num(b.userId), b.bot, num(b.messageId), { timeoutMs: b.timeoutMs }),
  'POST payments/redeliver': (sb, b) => sb.redeliverSuccessfulPayment(String(b.chargeId)),
  'POST invite-links/open': (sb, b) => sb.openInviteLink(num(b.userId), String(b.inviteLink)),
  'POST block': (sb, b) => { sb.blockBot(num(b.userId), b.bot); return true; },
  'POST unblock': (sb, b) => { sb.unblockBot(num(b.userId), b.bot); return true; },
  'POST managed-bots': (sb, b) => sb.createManagedBot(num(b.userId), b.manager, { username: b.username, name: b.name }),
  'POST revoke': (sb, b) => ({ token: sb.revokeToken(b.bot) }),
  'POST updates': (sb, b) => sb.injectUpdate(b.bot, b.update ?? {}),
  'POST faults': (sb, b) => { sb.injectFault(b as never); return true; },
  'DELETE faults': (sb) => { sb.clearFaults(); return true; },
  'GET faults/held': (sb) => sb.heldCalls(),
  'POST faults/release': (sb, b) => ({ released: sb.releaseHeld({ count: b.count === undefined ? undefined : num(b.count), method: b.method, botRef: b.bot }) }),
  'POST flood': (sb, b) => { sb.configureFlood(b); return true; },
  'GET transcript': (sb, _b, q) => sb.transcript(num(q.get('chatId')), q.get('bot') ?? undefined),
  'GET conversations': (sb, _b, q) => sb.conversationsOf(num(q.get('userId'))),
  'GET keyboard': (sb, _b, q) => sb.replyKeyboard(num(q.get('userId')), q.get('bot')!) ?? null,
  'GET wait': (sb, _b, q) => sb.waitForBotMessage({
    chatId: num(q.get('chatId')), botRef: q.get('bot') ?? undefined, timeoutMs: q.has('timeoutMs') ? num(q.get('timeoutMs')) : undefined,
    after: q.has('after') ? num(q.get('after')) : undefined,
    predicate: q.has('textIncludes') ? (m) => (m.text ?? m.caption ?? '').includes(q.get('textIncludes')!) : undefined,
  }),
  'GET stats': (sb) => sb.stats(),
};

export async function handleControl(sb: TelegramSandbox, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): Promise<void> {
  if (req.method === 'GET' && path === 'events') return streamEvents(sb, req, res);
  if (req.method === 'GET' && path.startsWith('files/')) return serveFile(sb, res, decodeURIComponent(path.slice('files/'.length)));
  const route = routes[`${req.method} ${path}`];
  let body: Body = {};
  try {
    if (req.method !== 'GET') {
      const raw = await readBody(req, 60 * 1024 * 1024);
      body = raw.length ? (JSON.parse(raw.toString('utf8')) as Body) : {};
    } else req.resume();
    if (!route) return sendJson(res, 404, { ok: false, error: `no control route ${req.method} /_sandbox/${path}` });
    sendJson(res, 200, { ok: true, result: (await route(sb, body, query)) ?? null });
  } catch (e) {
    sendJson(res, 400, { ok: false, error: (e as Error).message });
  }
}

/** Server-sent events: one `data:` line per world change, so the web chat can refresh live. */
function streamEvents(sb: TelegramSandbox, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
  res.write(': connected\n\n');
  const off = sb.onEvent((ev: WorldEvent) => {
    res.write(`data: ${JSON.stringify({ seq: ev.seq, kind: ev.kind, conversation: ev.conversation, chatId: ev.chatId, botId: ev.botId, data: ev.kind === 'message' ? undefined : ev.data })}\n\n`);
  });
  const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
  const end = (): void => { clearInterval(ping); off(); sb.stopping.removeEventListener('abort', end); res.end(); };
  sb.stopping.addEventListener('abort', end);
  req.on('close', end);
}

function serveFile(sb: TelegramSandbox, res: ServerResponse, uniqueId: string): void {
  const file = sb.fileByUniqueId(uniqueId);
  if (!file) return sendJson(res, 404, { ok: false, error: 'no such file' });
  const headers: Record<string, string | number> = { 'content-type': file.mimeType ?? 'application/octet-stream', 'content-length': file.data.length };
  if (file.fileName) headers['content-disposition'] = `inline; filename="${file.fileName.replace(/"/g, '')}"`;
  res.writeHead(200, headers);
  res.end(file.data);
}

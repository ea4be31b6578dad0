/**
 * Webhook delivery as Telegram does it: several requests at once per bot (max_connections),
 * one chat's updates in order, an update confirmed only by a 2xx and never sent twice at once,
 * and setWebhook / getWebhookInfo / getUpdates answering as Telegram's Bot API server does.
 */
import http from 'node:http';
import { startHarness, type Harness } from './helpers';

let h: Harness;
let server: HookServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  await h.close();
});

interface Received { updateId: number; text: string; secret: string | undefined }

/** A webhook endpoint whose answers the test decides: each request waits in `open` until answered. */
interface HookServer {
  url: string;
  received: Received[];
  open: Map<number, (status: number) => void>;
  /** Every update_id seen in two requests at the same time. */
  overlaps: number[];
  close(): Promise<void>;
}

async function hookServer(autoAnswer?: (r: Received, attempt: number) => number): Promise<HookServer> {
  const received: Received[] = [];
  const open = new Map<number, (status: number) => void>();
  const overlaps: number[] = [];
  const attempts = new Map<number, number>();
  const srv = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const update = JSON.parse(body) as { update_id: number; message?: { text?: string } };
      const r: Received = { updateId: update.update_id, text: update.message?.text ?? '', secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined };
      received.push(r);
      if (open.has(r.updateId)) overlaps.push(r.updateId);
      const attempt = (attempts.get(r.updateId) ?? 0) + 1;
      attempts.set(r.updateId, attempt);
      const answer = (status: number): void => { open.delete(r.updateId); res.writeHead(status).end(); };
      if (autoAnswer) answer(autoAnswer(r, attempt));
      else open.set(r.updateId, answer);
    });
  });
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(srv.address() as { port: number }).port}/hook`,
    received,
    open,
    overlaps,
    async close() {
      for (const answer of open.values()) answer(503);
      srv.closeAllConnections();
      await new Promise((resolve) => srv.close(resolve));
    },
  };
}

/** Polls `check` until it holds (the sandbox delivers asynchronously); fails after `ms`. */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('up to max_connections requests at once, one chat at a time, each update confirmed once by its 2xx', async () => {
  h = await startHarness({ webhookRetryMs: 20 });
  const bot = h.sb.createBot({ username: 'hook_bot' });
  const users = [1, 2, 3, 4, 5].map((i) => h.sb.createUser({ firstName: `U${i}` }));
  server = await hookServer();
  await h.api(bot.token, 'setWebhook', { url: server.url, max_connections: 3 });
  for (const u of users) await h.sb.sendText(u.id, bot.id, `hi from ${u.firstName}`);
  await h.sb.sendText(users[0]!.id, bot.id, 'second from U1');
  await until(() => server!.open.size === 3, 'three open requests');
  expect(server.received.map((r) => r.text)).toEqual(['hi from U1', 'hi from U2', 'hi from U3']);
  const s = server;
  // Answer what is open until all six are in; U1's second message waits for its first.
  while (s.received.length < 6 || s.open.size > 0) {
    await until(() => s.open.size > 0, 'an open request');
    for (const answer of [...s.open.values()]) answer(200);
  }
  expect(s.received.map((r) => r.text).sort()).toEqual(['hi from U1', 'hi from U2', 'hi from U3', 'hi from U4', 'hi from U5', 'second from U1'].sort());
  const texts = s.received.map((r) => r.text);
  expect(texts.indexOf('second from U1')).toBeGreaterThan(texts.indexOf('hi from U1'));
  await until(() => h.sb.stats().updatesPending[bot.id] === 0, 'the queue to empty');
  expect(h.sb.stats().webhookDeliveries[bot.id]).toEqual({ delivered: 6, refused: 0, retried: 0, peakInFlight: 3 });
  expect(s.overlaps).toEqual([]);
});

test('a refused update is sent again after the retry pause and never twice at once; later ones of its chat wait', async () => {
  h = await startHarness({ webhookRetryMs: 20 });
  const bot = h.sb.createBot({ username: 'hook_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const bob = h.sb.createUser({ firstName: 'Bob' });
  // Ann's first message is refused twice (503, then 500); everything else is taken at once.
  server = await hookServer((r, attempt) => (r.text === 'ann 1' && attempt <= 2 ? (attempt === 1 ? 503 : 500) : 200));
  await h.api(bot.token, 'setWebhook', { url: server.url, secret_token: 'S_3-cret' });
  await h.sb.sendText(ann.id, bot.id, 'ann 1');
  await h.sb.sendText(ann.id, bot.id, 'ann 2');
  await h.sb.sendText(bob.id, bot.id, 'bob 1');
  await until(() => h.sb.stats().updatesPending[bot.id] === 0, 'every update confirmed');
  const s = server;
  expect(s.received.map((r) => r.text).filter((t) => t.startsWith('ann'))).toEqual(['ann 1', 'ann 1', 'ann 1', 'ann 2']);
  expect(s.received.filter((r) => r.text === 'bob 1')).toHaveLength(1);
  expect(new Set(s.received.map((r) => r.secret))).toEqual(new Set(['S_3-cret']));
  expect(s.overlaps).toEqual([]);
  expect(h.sb.stats().webhookDeliveries[bot.id]).toMatchObject({ delivered: 3, refused: 2, retried: 2 });
  const info = (await h.api(bot.token, 'getWebhookInfo')).body.result;
  expect(info).toMatchObject({ url: s.url, has_custom_certificate: false, pending_update_count: 0, max_connections: 40, last_error_message: 'Wrong response from the webhook: 500 Internal Server Error' });
  expect(typeof info.last_error_date).toBe('number');
});

test('an unreachable webhook keeps its updates queued and gets them once it listens', async () => {
  h = await startHarness({ webhookRetryMs: 20 });
  const bot = h.sb.createBot({ username: 'hook_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const probe = await hookServer(() => 200);
  const deadUrl = probe.url;
  await probe.close();
  await h.api(bot.token, 'setWebhook', { url: deadUrl });
  await h.sb.sendText(ann.id, bot.id, 'are you there');
  await until(() => (h.sb.stats().webhookDeliveries[bot.id]?.refused ?? 0) >= 2, 'two refused attempts');
  const info = (await h.api(bot.token, 'getWebhookInfo')).body.result;
  expect(info).toMatchObject({ url: deadUrl, pending_update_count: 1, last_error_message: 'Connection refused' });
  server = await hookServer(() => 200);
  await h.api(bot.token, 'setWebhook', { url: server.url });
  await until(() => server!.received.length === 1 && h.sb.stats().updatesPending[bot.id] === 0, 'the update delivered');
  expect(server.received[0]!.text).toBe('are you there');
  // A new address starts with a clean error record, as on Telegram.
  expect((await h.api(bot.token, 'getWebhookInfo')).body.result).not.toHaveProperty('last_error_date');
});

test('the same webhook set again keeps its last error, as Telegram\'s "Webhook is already set" does', async () => {
  h = await startHarness({ webhookRetryMs: 60_000 });
  const bot = h.sb.createBot({ username: 'hook_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const probe = await hookServer(() => 200);
  await probe.close();
  await h.api(bot.token, 'setWebhook', { url: probe.url });
  await h.sb.sendText(ann.id, bot.id, 'hello');
  await until(() => h.sb.stats().webhookDeliveries[bot.id]?.refused === 1, 'one refused attempt');
  await h.api(bot.token, 'setWebhook', { url: probe.url });
  expect((await h.api(bot.token, 'getWebhookInfo')).body.result).toMatchObject({ last_error_date: expect.any(Number), last_error_message: 'Connection refused' });
  // No second attempt happened (the retry pause is a minute): that error is the kept one.
  expect(h.sb.stats().webhookDeliveries[bot.id]?.refused).toBe(1);
});

test('setWebhook checks secret_token and clamps max_connections; getWebhookInfo and getUpdates answer as Telegram', async () => {
  h = await startHarness();
  const bot = h.sb.createBot({ username: 'hook_bot' });
  const url = 'http://127.0.0.1:9/hook';
  const set = (params: Record<string, unknown>) => h.api(bot.token, 'setWebhook', { url, ...params });
  expect((await set({ secret_token: 'a'.repeat(257) })).body).toEqual({ ok: false, error_code: 400, description: 'Bad Request: secret token is too long' });
  expect((await set({ secret_token: 'no spaces' })).body.description).toBe('Bad Request: secret token contains unallowed characters');
  expect((await set({ secret_token: 'a+b' })).body.description).toBe('Bad Request: secret token contains unallowed characters');
  expect((await set({ secret_token: 'A'.repeat(256) })).body.ok).toBe(true);
  await set({ max_connections: 0 });
  expect((await h.api(bot.token, 'getWebhookInfo')).body.result.max_connections).toBe(1);
  await set({ max_connections: 500, allowed_updates: ['message', 'callback_query'] });
  expect((await h.api(bot.token, 'getWebhookInfo')).body.result).toEqual({
    url, has_custom_certificate: false, pending_update_count: 0, max_connections: 100, allowed_updates: ['message', 'callback_query'],
  });
  const refused = await h.api(bot.token, 'getUpdates', {});
  expect(refused).toEqual({ status: 409, body: { ok: false, error_code: 409, description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first" } });
  await h.api(bot.token, 'deleteWebhook');
  expect((await h.api(bot.token, 'getUpdates', {})).status).toBe(200);
});

import http from 'node:http';
import { startHarness, type Harness } from './helpers';

let h: Harness;
afterEach(async () => { await h.close(); });

async function raw(url: string, body: string | Buffer, contentType: string): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: await res.json() };
}

test('bad bodies and parameters get Telegram-style 4xx errors, never a 500', async () => {
  h = await startHarness({ maxJsonBytes: 1024, maxFileBytes: 4096 });
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, a.id, '/start');
  const url = (m: string) => `${h.sb.apiRoot}/bot${a.token}/${m}`;
  const cases: Array<[string, string | Buffer, string, number, RegExp]> = [
    ['sendMessage', '{"chat_id": 1,', 'application/json', 400, /^Bad Request: can't parse JSON/],
    ['sendMessage', '[1,2]', 'application/json', 400, /^Bad Request/],
    ['sendMessage', JSON.stringify({ chat_id: ann.id, text: 'x'.repeat(2000) }), 'application/json', 413, /Request Entity Too Large/],
    ['sendMessage', JSON.stringify({ text: 'hi' }), 'application/json', 400, /chat_id is empty/],
    ['sendMessage', JSON.stringify({ chat_id: { a: 1 }, text: 'hi' }), 'application/json', 400, /chat not found/],
    ['sendMessage', JSON.stringify({ chat_id: ann.id, text: 'hi', reply_markup: '{oops' }), 'application/json', 400, /reply keyboard markup/],
    ['sendMessage', JSON.stringify({ chat_id: ann.id, text: { t: 1 } }), 'application/json', 400, /must be of type String/],
    ['deleteMessage', JSON.stringify({ chat_id: ann.id, message_id: 'abc' }), 'application/json', 400, /must be of type Integer/],
    ['sendDocument', '--x\r\nbroken', 'multipart/form-data; boundary=x', 400, /multipart/],
    ['sendDocument', Buffer.alloc(5000), 'multipart/form-data; boundary=x', 413, /Request Entity Too Large/],
    ['sendDocument', JSON.stringify({ chat_id: ann.id, document: 'https://example.org/a.pdf' }), 'application/json', 400, /wrong file identifier/],
  ];
  for (const [method, body, type, status, description] of cases) {
    const res = await raw(url(method), body, type);
    expect({ method, status: res.status, ok: res.body.ok }).toEqual({ method, status, ok: false });
    expect(res.body.error_code).toBe(status);
    expect(res.body.description).toMatch(description);
  }
  const form = await raw(url('sendMessage'), `chat_id=${ann.id}&text=from+a+form&protect_content=true`, 'application/x-www-form-urlencoded');
  expect(form.body.result).toMatchObject({ text: 'from a form', has_protected_content: true });
  const viaGet = await fetch(`${url('sendMessage')}?chat_id=${ann.id}&text=query`);
  expect(((await viaGet.json()) as { result: { text: string } }).result.text).toBe('query');
});

test('injected faults: 5xx, 429, dropped connections and hangs, then recovery', async () => {
  h = await startHarness();
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const tg = h.telegraf(a.token).telegram;
  h.sb.injectFault({ botRef: 'alpha_bot', method: 'getMe', kind: 'http5xx', count: 1 });
  await expect(tg.getMe()).rejects.toMatchObject({ code: 502 });
  h.sb.injectFault({ method: 'getme', kind: '429', retryAfter: 7, count: 1 });
  await expect(tg.getMe()).rejects.toMatchObject({ code: 429, parameters: { retry_after: 7 } });
  h.sb.injectFault({ botRef: a.id, kind: 'drop', count: 1 });
  await expect(tg.getMe()).rejects.toMatchObject({ name: 'FetchError' });
  h.sb.injectFault({ botRef: a.token, kind: 'timeout', count: 1 });
  const ac = new AbortController();
  const hung = fetch(`${h.sb.apiRoot}/bot${a.token}/getMe`, { signal: ac.signal });
  setTimeout(() => ac.abort(), 100);
  await expect(hung).rejects.toThrow();
  expect((await tg.getMe()).id).toBe(a.id);
  h.sb.injectFault({ kind: 'http5xx' });
  h.sb.clearFaults();
  expect((await tg.getMe()).id).toBe(a.id);
});

test('calls kept waiting: held until released (control API), delayed, hung until the client gives up', async () => {
  h = await startHarness({ flood: { enabled: false } });
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, a.id, '/start');
  const control = async (method: string, path: string, body?: unknown): Promise<any> => {
    const res = await fetch(`${h.sb.url}/_sandbox/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return ((await res.json()) as { result: unknown }).result;
  };
  const held = (): Promise<Array<{ method: string; kind: string }>> => control('GET', 'faults/held');
  const waitHeld = async (n: number): Promise<void> => { while ((await held()).length !== n) await new Promise((r) => setTimeout(r, 10)); };

  // 'hold': three sends wait; releasing two lets exactly those two through, in order.
  await control('POST', 'faults', { botRef: a.id, method: 'sendMessage', kind: 'hold' });
  const sends = ['one', 'two', 'three'].map((text) => h.api(a.token, 'sendMessage', { chat_id: ann.id, text }));
  await waitHeld(3);
  expect(await held()).toEqual([1, 2, 3].map(() => expect.objectContaining({ method: 'sendMessage', kind: 'hold', botId: a.id })));
  expect(await control('POST', 'faults/release', { count: 2 })).toEqual({ released: 2 });
  await waitHeld(1);
  const sent = h.sb.transcript(ann.id, a.id).filter((e) => e.direction === 'bot').map((e) => e.summary);
  expect(sent).toHaveLength(2);
  expect((await h.api(a.token, 'getMe')).body.ok).toBe(true); // other methods are not held
  await control('DELETE', 'faults'); // lets the last one go
  expect((await Promise.all(sends)).map((r) => r.body.ok)).toEqual([true, true, true]);
  expect(await held()).toEqual([]);

  // 'delay': the call is listed while it waits, then runs as usual.
  h.sb.injectFault({ botRef: a.id, method: 'getMe', kind: 'delay', delayMs: 200, count: 1 });
  const slow = h.api(a.token, 'getMe');
  await waitHeld(1);
  expect((await held())[0]).toMatchObject({ method: 'getMe', kind: 'delay' });
  expect((await slow).body.result.id).toBe(a.id);
  expect(await held()).toEqual([]);

  // 'timeout': never answered, never released; listed until the client aborts.
  h.sb.injectFault({ botRef: a.id, method: 'getMe', kind: 'timeout', count: 1 });
  const ac = new AbortController();
  const hung = fetch(`${h.sb.apiRoot}/bot${a.token}/getMe`, { signal: ac.signal });
  await waitHeld(1);
  expect(h.sb.releaseHeld()).toBe(0);
  ac.abort();
  await expect(hung).rejects.toThrow();
  await waitHeld(0);
});

test('hostile injected updates reach the bot with sandbox-assigned update ids', async () => {
  h = await startHarness();
  const a = h.sb.createBot({ username: 'alpha_bot' });
  const first = h.sb.injectUpdate(a.id, { update_id: 1, message: { text: 42, chat: null } });
  const second = h.sb.injectUpdate(a.id, { totally_unknown: { x: 1 } });
  expect(second.update_id).toBe(first.update_id + 1);
  const got = (await h.api(a.token, 'getUpdates')).body.result;
  expect(got).toEqual([{ update_id: first.update_id, message: { text: 42, chat: null } }, { update_id: second.update_id, totally_unknown: { x: 1 } }]);
});

test('webhook delivery with the secret header, retries after failures, and webhook replies', async () => {
  h = await startHarness({ webhookRetryMs: 20 });
  const a = h.sb.createBot({ username: 'hook_bot' });
  const ann = h.sb.createUser({ firstName: 'Ann' });
  const received: Array<{ secret: string | undefined; text: string }> = [];
  let failFirst = true;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failFirst) { failFirst = false; res.writeHead(500).end(); return; }
      const update = JSON.parse(body);
      received.push({ secret: req.headers['x-telegram-bot-api-secret-token'] as string | undefined, text: update.message.text });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: 'sendMessage', chat_id: update.message.chat.id, text: `hook got ${update.message.text}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  try {
    const port = (server.address() as { port: number }).port;
    await h.telegraf(a.token).telegram.setWebhook(`http://127.0.0.1:${port}/hook`, { secret_token: 'abc_123' });
    await h.sb.sendText(ann.id, a.id, 'ping');
    expect((await h.sb.waitForBotMessage({ chatId: ann.id, botRef: a.id })).text).toBe('hook got ping');
    expect(received).toEqual([{ secret: 'abc_123', text: 'ping' }]);
    const info = await h.telegraf(a.token).telegram.getWebhookInfo();
    expect(info).toMatchObject({ pending_update_count: 0, last_error_message: expect.stringContaining('500') });
  } finally {
    await new Promise((r) => server.close(r));
  }
});

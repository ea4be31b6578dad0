import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Telegraf } from 'telegraf';
import { TelegramSandbox, type BotInfo } from '@motherbot/telegram-sandbox';
import { cloneWebhookKey, findFreePort, webhookCredentials, webhookPath, webhookUrl, type WebhookCredentials } from '@motherbot/core';
import { waitUntil } from '@test-support/waitUntil';
import { SocketForwarder } from '@test-support/socketForwarder';
import { launchWebhook, type WebhookLaunch, type WebhookListen } from '../launchWebhook';
import { retryTelegramCalls } from '../../retry/retryTelegramCalls';
import { telegramErrorCode } from '../../telegramErrors/telegramErrorCode';
import { UpdateAbandonedError } from '../../polling/abandonedUpdates';

const CLONE_ID = '0123456789ab';

/** One raw request to a receiver; resolves with its status. */
function send(target: { port: number } | { socketPath: string }, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; chunks?: Buffer[] } = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const where = 'port' in target ? { host: '127.0.0.1', port: target.port } : { socketPath: target.socketPath };
    const req = request({ ...where, path, method: opts.method ?? 'POST', headers: { 'content-type': 'application/json', ...opts.headers } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    if (opts.chunks) {
      for (const chunk of opts.chunks) req.write(chunk);
      req.end();
    } else req.end(opts.body);
  });
}

/** Telegraf bots against the sandbox, taking updates by webhook through launchWebhook. */
describe('launchWebhook', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 100 });
  const launches: WebhookLaunch[] = [];
  const cleanups: Array<() => Promise<void> | void> = [];
  let botInfo: BotInfo;
  let credentials: WebhookCredentials;
  let path: string;
  /** Updates that reached a bot's handlers. */
  let handled: number[];

  const newBot = (onText: (text: string) => Promise<void> | void = () => undefined): Telegraf => {
    const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot } });
    retryTelegramCalls(bot, { handlerTimeoutMs: 20_000 });
    bot.use((ctx, next) => {
      handled.push(ctx.update.update_id);
      return next();
    });
    bot.on('text', async (ctx) => {
      await onText(ctx.message.text);
      await ctx.reply(`echo ${ctx.message.text}`);
    });
    return bot;
  };
  const launch = (bot: Telegraf, listen: WebhookListen, url: string, extra: Partial<Parameters<typeof launchWebhook>[1]> = {}): WebhookLaunch => {
    const launched = launchWebhook(bot, { url, credentials, listen, ...extra });
    launched.ended.catch(() => undefined);
    launched.ready.catch(() => undefined);
    launches.push(launched);
    return launched;
  };
  const launchOnPort = async (bot: Telegraf, extra: Partial<Parameters<typeof launchWebhook>[1]> = {}) => {
    const port = await findFreePort();
    const launched = launch(bot, { port, host: '127.0.0.1' }, webhookUrl(`http://127.0.0.1:${port}`, path), extra);
    await launched.ready;
    return { launched, port };
  };
  const echoes = (chatId: number, text: string): number => sandbox.transcript(chatId, botInfo.id).filter((e) => e.direction === 'bot' && e.summary === `echo ${text}`).length;

  beforeAll(() => sandbox.start({ port: 0 }));
  beforeEach(() => {
    botInfo = sandbox.createBot({ username: `hook_${Math.random().toString(36).slice(2, 8)}_bot` });
    credentials = webhookCredentials(cloneWebhookKey(randomBytes(32)));
    path = webhookPath({ kind: 'clone', cloneId: CLONE_ID }, credentials);
    handled = [];
  });
  afterEach(async () => {
    await Promise.all(launches.splice(0).map((l) => l.stop({ deadlineMs: 1000 })));
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(() => sandbox.stop());

  it('answers the updates the sandbox delivers to a loopback port, with its secret and max_connections', async () => {
    const bot = newBot();
    const { port } = await launchOnPort(bot, { maxConnections: 7 });
    const info = await bot.telegram.getWebhookInfo();
    expect(info).toMatchObject({ url: `http://127.0.0.1:${port}${path}`, max_connections: 7 });
    const ann = sandbox.createUser({ firstName: 'Ann' });
    const bob = sandbox.createUser({ firstName: 'Bob' });
    for (const text of ['one', 'two']) {
      await sandbox.sendText(ann.id, botInfo.id, text);
      await sandbox.sendText(bob.id, botInfo.id, text);
    }
    await waitUntil('four echoes', () => echoes(ann.id, 'one') + echoes(ann.id, 'two') + echoes(bob.id, 'one') + echoes(bob.id, 'two') === 4, 10_000);
    await waitUntil('nothing pending', () => sandbox.webhookInfo(botInfo.id)?.pending === 0, 5000);
    expect(sandbox.webhookInfo(botInfo.id)?.lastError).toBeUndefined();
  });

  it('refuses a wrong secret (401), a wrong path (404), a wrong method (405) and junk (400, 413) without calling the bot', async () => {
    const { port } = await launchOnPort(newBot());
    const secret = { 'x-telegram-bot-api-secret-token': credentials.secretToken };
    const update = JSON.stringify({ update_id: 1, message: { message_id: 1, date: 0, chat: { id: 5, type: 'private' }, text: 'x' } });
    const otherMac = webhookPath({ kind: 'clone', cloneId: CLONE_ID }, webhookCredentials(cloneWebhookKey(randomBytes(32))));
    const statuses = await Promise.all([
      send({ port }, path, { body: update, headers: { 'x-telegram-bot-api-secret-token': 'wrong' } }),
      send({ port }, path, { body: update }),
      send({ port }, otherMac, { body: update, headers: secret }),
      send({ port }, '/elsewhere', { body: update, headers: secret }),
      send({ port }, path, { method: 'GET', headers: secret }),
      send({ port }, path, { body: 'not json', headers: secret }),
      send({ port }, path, { body: '[1]', headers: secret }),
      send({ port }, path, { body: '{"update_id":"1"}', headers: secret }),
      send({ port }, path, { body: Buffer.alloc(2 * 1024 * 1024, 32), headers: secret }),
      // No Content-Length (chunked): refused once the body passes the limit.
      send({ port }, path, { chunks: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 32)), headers: secret }),
      // A large body with a wrong secret is not read at all.
      send({ port }, path, { chunks: Array.from({ length: 40 }, () => Buffer.alloc(64 * 1024, 32)), headers: { 'x-telegram-bot-api-secret-token': 'wrong' } }),
    ]);
    expect(statuses).toEqual([401, 401, 404, 404, 405, 400, 400, 400, 413, 413, 401]);
    // A flood of junk: every request refused, none reaches the bot.
    const flood = await Promise.all(Array.from({ length: 200 }, (_, i) => send({ port }, i % 2 ? path : otherMac, { body: `{"update_id":${i}`, headers: secret })));
    expect(new Set(flood)).toEqual(new Set([400, 404]));
    expect(handled).toEqual([]);
    // The bot still takes real updates.
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'after');
    await waitUntil('the echo', () => echoes(ann.id, 'after') === 1, 10_000);
  });

  it('reports a failing handler through onError and still confirms its update (200), as polling does', async () => {
    const errors: number[] = [];
    const bot = newBot((text) => {
      if (text === 'boom') throw new Error('handler failed');
    });
    // Telegraf's default catch logs before it rethrows: rethrow quietly, onError is what is tested.
    bot.catch((error) => {
      throw error;
    });
    await launchOnPort(bot, { onError: (_error, update) => errors.push(update.update_id) });
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'boom');
    await sandbox.sendText(ann.id, botInfo.id, 'next');
    await waitUntil('the echo of the next one', () => echoes(ann.id, 'next') === 1, 10_000);
    expect(errors).toHaveLength(1);
    expect(sandbox.webhookInfo(botInfo.id)?.lastError).toBeUndefined();
    expect(echoes(ann.id, 'boom')).toBe(0);
  });

  it('answers 503 once stopping; an update that outlives the stop is redelivered to the next receiver and answered once', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    let lateReply: unknown;
    const first = newBot(async (text) => {
      if (text !== 'slow') return;
      slowStarted = true;
      await gate;
    });
    first.catch((error) => {
      lateReply = error;
    });
    const a = await launchOnPort(first);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    for (let i = 1; i <= 5; i += 1) await sandbox.sendText(ann.id, botInfo.id, `m${i}`);
    await sandbox.sendText(ann.id, botInfo.id, 'slow');
    for (let i = 6; i <= 10; i += 1) await sandbox.sendText(ann.id, botInfo.id, `m${i}`);
    await waitUntil('the slow update running', () => slowStarted, 10_000);
    const stopped = a.launched.stop({ deadlineMs: 300 });
    const secret = { 'x-telegram-bot-api-secret-token': credentials.secretToken };
    expect(await send({ port: a.port }, path, { body: '{"update_id":999999}', headers: secret })).toBe(503);
    await stopped;
    await waitUntil('the refusal seen by the sandbox', () => /503/.test(sandbox.webhookInfo(botInfo.id)?.lastError ?? ''), 5000);
    // The next receiver (a restarted process) takes the rest, beginning with the slow one.
    await launchOnPort(newBot());
    await waitUntil('every message answered', () => ['slow', ...Array.from({ length: 10 }, (_, i) => `m${i + 1}`)].every((t) => echoes(ann.id, t) === 1), 15_000);
    // The first receiver's handler, released now, may no longer answer: its update went elsewhere.
    release();
    await waitUntil('the late reply refused', () => lateReply, 5000);
    expect(lateReply).toBeInstanceOf(UpdateAbandonedError);
    expect(echoes(ann.id, 'slow')).toBe(1);
    expect(sandbox.webhookInfo(botInfo.id)?.pending).toBe(0);
  });

  it('listens on a unix socket (0600, a stale socket file replaced) behind a forwarding ingress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hook-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const socketPath = join(dir, `${CLONE_ID}.sock`);
    // A process killed -9 leaves its socket file behind.
    const holder = spawn(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(socketPath)}, () => console.log('up'))`]);
    await new Promise<void>((resolve) => holder.stdout.once('data', () => resolve()));
    holder.kill('SIGKILL');
    await new Promise<void>((resolve) => holder.once('exit', () => resolve()));
    expect(statSync(socketPath).isSocket()).toBe(true);

    const forwarder = new SocketForwarder(() => socketPath);
    await forwarder.start();
    cleanups.push(() => forwarder.stop());
    const launched = launch(newBot(), { socketPath }, webhookUrl(forwarder.url, path));
    await launched.ready;
    expect(statSync(socketPath).mode & 0o777).toBe(0o600);
    const ann = sandbox.createUser({ firstName: 'Ann' });
    await sandbox.sendText(ann.id, botInfo.id, 'via socket');
    await waitUntil('the echo', () => echoes(ann.id, 'via socket') === 1, 10_000);
    expect(await send({ socketPath }, path, { body: '{}', headers: { 'x-telegram-bot-api-secret-token': 'wrong' } })).toBe(401);
    await launched.stop();
    // Closed: the socket file is gone, the ingress answers 503 and Telegram keeps the update.
    await sandbox.sendText(ann.id, botInfo.id, 'while away');
    await waitUntil('a 503 seen by the sandbox', () => /503/.test(sandbox.webhookInfo(botInfo.id)?.lastError ?? ''), 5000);
    expect(sandbox.webhookInfo(botInfo.id)?.pending).toBe(1);
  });

  it('a 401 on setWebhook rejects `ended` with Telegram\'s error, then `ready`', async () => {
    sandbox.revokeToken(botInfo.id);
    const port = await findFreePort();
    const launched = launch(newBot(), { port, host: '127.0.0.1' }, webhookUrl(`http://127.0.0.1:${port}`, path));
    const order: string[] = [];
    const ended = launched.ended.catch((error: unknown) => {
      order.push('ended');
      return error;
    });
    const ready = launched.ready.catch(() => void order.push('ready'));
    expect(telegramErrorCode(await ended)).toBe(401);
    await ready;
    expect(order).toEqual(['ended', 'ready']);
    expect(launched.server.listening).toBe(false);
  });
});

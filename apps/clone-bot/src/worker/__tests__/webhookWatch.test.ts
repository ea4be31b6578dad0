import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Telegraf } from 'telegraf';
import { TelegramSandbox, type BotInfo } from '@motherbot/telegram-sandbox';
import {
  WorkerExitCode,
  cloneWebhookKey,
  createLogger,
  deriveCloneKey,
  loadConfig,
  parseWebhookPath,
  platformModels,
  sealToken,
  webhookCredentials,
  webhookPath,
  webhookUrl,
  workerSocketPath,
  writeWorkerSecrets,
  type AppConfig,
  type PlatformModels,
} from '@motherbot/core';
import { openTestDatabase, testMongoUri } from '@test-support/database';
import { SocketForwarder } from '@test-support/socketForwarder';
import { waitUntil } from '@test-support/waitUntil';
import { CloneWorker } from '../cloneWorker';
import { WebhookWatch, type ExpectedWebhook } from '../webhookWatch';

const MASTER = 'webhook-watch-test-master-key-0123456789abcdef';

/** The worker's webhook watch, and the worker in webhook mode in-process, against the sandbox. */
describe('webhook watch', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 100 });
  const dir = mkdtempSync(join(tmpdir(), 'hookw-'));
  const logger = createLogger({ label: 'clone:test', level: 'error' });
  let forwarder: SocketForwarder;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let config: AppConfig;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    db = await openTestDatabase('hookwatch');
    models = platformModels(db.connection);
    // The stand-in ingress: /tg/c/<cloneId>/... goes to that worker's socket.
    forwarder = new SocketForwarder((path) => {
      const parsed = parseWebhookPath(path);
      return parsed?.target.kind === 'clone' ? workerSocketPath(dir, parsed.target.cloneId) : undefined;
    });
    await forwarder.start();
    config = loadConfig({
      envFile: null,
      env: { TELEGRAM_API_ROOT: sandbox.apiRoot, DATA_DIR: dir, DATABASE_NAME: db.dbName, HEARTBEAT_INTERVAL_MS: '200', WEBHOOK_BASE_URL: forwarder.url },
    });
  });
  afterAll(async () => {
    await forwarder.stop();
    await sandbox.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('alone', () => {
    let bot: BotInfo;
    let telegram: Telegraf['telegram'];
    let expected: ExpectedWebhook;
    beforeEach(async () => {
      bot = sandbox.createBot({ username: `watch_${Math.random().toString(36).slice(2, 8)}_bot` });
      telegram = new Telegraf(bot.token, { telegram: { apiRoot: sandbox.apiRoot } }).telegram;
      const credentials = webhookCredentials(cloneWebhookKey(randomBytes(32)));
      // Nobody listens there: the sandbox records its delivery errors.
      expected = { url: webhookUrl('http://127.0.0.1:9', webhookPath({ kind: 'clone', cloneId: 'b00000000001' }, credentials)), secretToken: credentials.secretToken, maxConnections: 5 };
      await telegram.setWebhook(expected.url, { secret_token: expected.secretToken, max_connections: 5 });
    });

    it('sets the webhook again when Telegram reports another URL, and records the queue and the last error', async () => {
      const warn = jest.spyOn(logger, 'warn');
      const statuses: unknown[] = [];
      const watch = new WebhookWatch(telegram, expected, logger, { onTokenInvalid: () => undefined, onStatus: (s) => statuses.push(s) });
      const user = sandbox.createUser({ firstName: 'Ann' });
      await sandbox.sendText(user.id, bot.id, 'hello');
      await waitUntil('a delivery error', () => sandbox.webhookInfo(bot.id)?.lastError, 5000);
      await watch.check();
      expect(watch.status).toMatchObject({ pending: 1, lastErrorMessage: expect.stringMatching(/refused/i), lastErrorDate: expect.any(Date) });
      expect(watch.status?.repairedAt).toBeUndefined();

      // Someone else sets the webhook with the token.
      await telegram.setWebhook('https://elsewhere.example/hook');
      await watch.check();
      expect(sandbox.webhookInfo(bot.id)?.url).toBe(expected.url);
      expect(watch.status?.repairedAt).toBeInstanceOf(Date);
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/another URL/), expect.objectContaining({ found: 'https://elsewhere.example/…' }));
      expect((await telegram.getWebhookInfo()).max_connections).toBe(5);
      expect(statuses).toHaveLength(2);
      warn.mockRestore();
      await watch.stop();
    });

    it('leaves another URL alone when this worker may no longer own the bot', async () => {
      const watch = new WebhookWatch(telegram, expected, logger, { onTokenInvalid: () => undefined, mayRepair: async () => false });
      await telegram.deleteWebhook();
      await watch.check();
      expect(sandbox.webhookInfo(bot.id)).toBeUndefined();
      await watch.stop();
    });

    it('reports a revoked token', async () => {
      const revoked: unknown[] = [];
      const watch = new WebhookWatch(telegram, expected, logger, { onTokenInvalid: (error) => revoked.push(error) });
      sandbox.revokeToken(bot.id);
      await watch.check();
      expect(revoked).toHaveLength(1);
      await watch.stop();
    });
  });

  describe('in the worker', () => {
    const makeClone = async (cloneId: string) => {
      const bot = sandbox.createBot({ username: `hookw_${cloneId}_bot` });
      await models.Clone.create({ _id: cloneId, ownerId: 1, botId: bot.id, botUsername: bot.username, source: 'token' });
      await models.CloneToken.create({ _id: cloneId, sealed: sealToken(deriveCloneKey(MASTER, cloneId), cloneId, bot.token) });
      writeWorkerSecrets(config.dataDir, { cloneId, mongoUri: testMongoUri(), cloneKey: deriveCloneKey(MASTER, cloneId).toString('base64') });
      return bot;
    };

    it('takes updates on its socket, repairs its webhook and records that in its heartbeat', async () => {
      const bot = await makeClone('c00000000001');
      const worker = new CloneWorker('c00000000001', config, logger);
      const stopped: number[] = [];
      await worker.start((code) => stopped.push(code));
      try {
        const credentials = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER, 'c00000000001')));
        const url = webhookUrl(forwarder.url, webhookPath({ kind: 'clone', cloneId: 'c00000000001' }, credentials));
        expect(sandbox.webhookInfo(bot.id)?.url).toBe(url);
        expect(statSync(join(dir, 'run')).mode & 0o777).toBe(0o700);
        const user = sandbox.createUser({ firstName: 'Uma' });
        await sandbox.sendText(user.id, bot.id, '/start');
        const reply = await sandbox.waitForBotMessage({ chatId: user.id, botRef: bot.id, timeoutMs: 10_000 });
        expect(reply.text).toContain('Hello Uma');

        // Telegram "loses" the webhook: the watch's first look (5 s after the start) sets it again.
        await new Telegraf(bot.token, { telegram: { apiRoot: sandbox.apiRoot } }).telegram.deleteWebhook();
        await waitUntil('the webhook set again', () => sandbox.webhookInfo(bot.id)?.url === url, 15_000);
        const beat = await waitUntil(
          'the repair in the heartbeat',
          async () => {
            const doc = await models.Heartbeat.findById('c00000000001').lean();
            return doc?.webhook?.repairedAt ? doc : undefined;
          },
          5000,
        );
        expect(beat.webhook).toMatchObject({ pending: 0, checkedAt: expect.any(Date) });
        expect(stopped).toEqual([]);
      } finally {
        await worker.stop('test');
      }
      expect(stopped).toEqual([WorkerExitCode.Clean]);
      // Its socket is gone: the ingress answers 503 until the next worker listens.
      expect(() => statSync(workerSocketPath(dir, 'c00000000001'))).toThrow();
      // A normal stop keeps the webhook (Telegram queues for the next start).
      expect(sandbox.webhookInfo(bot.id)).toBeDefined();
    });

    it('several hosts: the placement fence stops a webhook worker whose clone moved', async () => {
      const bot = await makeClone('c00000000003');
      await models.Host.create({ _id: 'hook-h1', capacityClones: 10, capacityMemoryMB: 1000 });
      await models.Placement.create({ _id: 'c00000000003', hostId: 'hook-h1', epoch: 1, previousHostId: null, reason: 'new', movedAt: new Date() });
      const hostConfig = { ...config, hostId: 'hook-h1', placementEpoch: 1 };
      const worker = new CloneWorker('c00000000003', hostConfig, logger);
      const stopped: number[] = [];
      await worker.start((code) => stopped.push(code));
      try {
        const user = sandbox.createUser({ firstName: 'Uma' });
        await sandbox.sendText(user.id, bot.id, '/start');
        await sandbox.waitForBotMessage({ chatId: user.id, botRef: bot.id, timeoutMs: 10_000 });
        await models.Placement.updateOne({ _id: 'c00000000003' }, { $set: { hostId: 'hook-h2', epoch: 2, previousHostId: 'hook-h1', reason: 'rebalance' } });
        await waitUntil('the worker fenced', () => stopped.length > 0, 15_000);
        expect(stopped[0]).toBe(WorkerExitCode.Fenced);
      } finally {
        await worker.stop('test');
      }
      expect(() => statSync(workerSocketPath(dir, 'c00000000003'))).toThrow();
    });

    it('a 401 on setWebhook ends it with TokenInvalid', async () => {
      const bot = await makeClone('c00000000002');
      // getMe is held, the token revoked meanwhile: getMe (let through) succeeds, setWebhook gets 401.
      sandbox.injectFault({ botRef: bot.id, method: 'getMe', kind: 'hold', count: 1 });
      const worker = new CloneWorker('c00000000002', config, logger);
      const stopped: number[] = [];
      const started = worker.start((code) => stopped.push(code)).catch((error: unknown) => error);
      await waitUntil('getMe held', () => sandbox.heldCalls().length > 0, 10_000);
      sandbox.revokeToken(bot.id);
      sandbox.releaseHeld({ method: 'getMe' });
      await started;
      await worker.stop('test');
      expect(stopped[0]).toBe(WorkerExitCode.TokenInvalid);
    });
  });
});

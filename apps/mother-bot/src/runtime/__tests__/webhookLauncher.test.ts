import { Telegraf } from 'telegraf';
import { Counter, Registry } from 'prom-client';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { createLogger } from '@motherbot/core';
import { WebhookIngress } from '../../webhooks/webhookIngress';
import { WebhookLauncher } from '../webhookLauncher';

const MASTER = 'launcher-test-master-key-0123456789abcdefghij';

describe("WebhookLauncher: the mother's updates through the host's ingress (sandbox delivering by webhook)", () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 100 });
  let ingress: WebhookIngress;
  let base: string;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    ingress = new WebhookIngress({
      host: '127.0.0.1',
      port: 0,
      dataDir: '/nonexistent',
      masterKey: MASTER,
      logger: createLogger({ label: 'test', level: 'error', console: false }),
      requests: new Counter({ name: 'wh_launcher_requests_total', help: 'test', labelNames: ['outcome'], registers: [new Registry()] }),
    });
    base = `http://127.0.0.1:${await ingress.start()}`;
  });

  afterAll(async () => {
    await ingress.stop({ deadlineMs: 100 });
    await sandbox.stop();
  });

  it('sets the webhook, answers through the ingress, and stops without deleting it', async () => {
    const me = sandbox.createBot({ username: 'launch_mother_bot' });
    const user = sandbox.createUser({ firstName: 'Uma' });
    const bot = new Telegraf(me.token, { telegram: { apiRoot: sandbox.apiRoot } });
    bot.on('message', (ctx) => ctx.reply('pong'));
    const launcher = new WebhookLauncher(bot, { ingress, baseUrl: base, masterKey: MASTER, maxConnections: 10 });
    const { polling, ended } = launcher.start();
    await polling;
    expect(sandbox.webhookInfo(me.id)?.url).toBe(launcher.url);
    const after = sandbox.cursor();
    await sandbox.sendText(user.id, me.id, 'ping');
    expect((await sandbox.waitForBotMessage({ chatId: user.id, botRef: me.id, after, timeoutMs: 10_000 })).text).toBe('pong');
    await launcher.stop(1_000);
    await ended;
    // Telegram keeps the webhook (and the updates that come meanwhile) for the next start.
    expect(sandbox.webhookInfo(me.id)?.url).toBe(launcher.url);
  });

  it('ends with Telegram\'s error when the token is revoked', async () => {
    const me = sandbox.createBot({ username: 'revoked_mother_bot' });
    sandbox.revokeToken(me.id);
    const launcher = new WebhookLauncher(new Telegraf(me.token, { telegram: { apiRoot: sandbox.apiRoot } }), { ingress, baseUrl: base, masterKey: MASTER, maxConnections: 10 });
    const { polling, ended } = launcher.start();
    await expect(ended).rejects.toMatchObject({ response: { error_code: 401 } });
    await expect(polling).rejects.toBeDefined();
    await launcher.stop();
  });
});

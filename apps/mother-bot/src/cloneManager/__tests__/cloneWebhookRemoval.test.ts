import { Telegram } from 'telegraf';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { createLogger, deriveCloneKey, platformModels, sealToken, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { CloneWebhookRemoval } from '../cloneWebhookRemoval';

const MASTER = 'removal-test-master-key-0123456789abcdefghijk';

describe('CloneWebhookRemoval (sandbox, real database)', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let removal: CloneWebhookRemoval;
  const logger = createLogger({ label: 'test', level: 'error', console: false });

  const cloneWithWebhook = async (cloneId: string, username: string) => {
    const bot = sandbox.createBot({ username });
    await models.CloneToken.create({ _id: cloneId, sealed: sealToken(deriveCloneKey(MASTER, cloneId), cloneId, bot.token), updatedAt: new Date() });
    await new Telegram(bot.token, { apiRoot: sandbox.apiRoot }).setWebhook('http://127.0.0.1:9/tg/c/x');
    expect(sandbox.webhookInfo(bot.id)).toBeDefined();
    return bot;
  };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    db = await openTestDatabase('whrm');
    models = platformModels(db.connection);
    removal = new CloneWebhookRemoval({ models, masterKey: MASTER, apiRoot: sandbox.apiRoot, logger, retryMs: 50 });
  });

  afterAll(async () => {
    await removal.idle();
    await sandbox.stop();
    await db.drop();
  });

  it("deletes a stopped clone's webhook with its own (decrypted) token, once even when asked twice", async () => {
    const bot = await cloneWithWebhook('aaaaaaaaaaa1', 'rm_one_bot');
    removal.remove('aaaaaaaaaaa1');
    removal.remove('aaaaaaaaaaa1');
    await removal.idle();
    expect(sandbox.webhookInfo(bot.id)).toBeUndefined();
    expect(sandbox.stats().requests.byBot[String(bot.id)]?.deleteWebhook).toBe(1);
  });

  it('tries again while Telegram fails, and no more once the clone runs again', async () => {
    const bot = await cloneWithWebhook('aaaaaaaaaaa3', 'rm_three_bot');
    sandbox.injectFault({ botRef: bot.id, method: 'deleteWebhook', kind: 'http5xx', count: 1 });
    removal.remove('aaaaaaaaaaa3');
    await removal.idle();
    expect(sandbox.webhookInfo(bot.id)).toBeUndefined();

    const again = await cloneWithWebhook('aaaaaaaaaaa4', 'rm_four_bot');
    sandbox.injectFault({ botRef: again.id, method: 'deleteWebhook', kind: 'http5xx', count: 5 });
    // The first try is under way (it fails); the clone starts again before the next one.
    removal.remove('aaaaaaaaaaa4');
    removal.cancel('aaaaaaaaaaa4');
    await removal.idle();
    sandbox.clearFaults();
    expect(sandbox.webhookInfo(again.id)).toBeDefined();
  });

  it('gives up quietly on a revoked token (401) and on a clone without a stored token', async () => {
    const bot = await cloneWithWebhook('aaaaaaaaaaa2', 'rm_two_bot');
    sandbox.revokeToken(bot.id);
    removal.remove('aaaaaaaaaaa2');
    removal.remove('bbbbbbbbbbbb');
    await removal.idle();
    expect(sandbox.stats().requests.byBot[String(bot.id)]?.deleteWebhook ?? 0).toBe(0);
  });
});

import { motherTexts } from '../../i18n/texts';
import { platformModels, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { webhooksText } from '../../bot/features/admin/adminHealthFeature';
import { WebhookHealth } from '../webhookHealth';

describe('WebhookHealth and its /health section (real database)', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  const now = new Date('2026-11-29T12:00:00Z');
  const beat = (id: string, webhook?: object) => ({ _id: id, at: now, pid: 1, startedAt: now, updates: 0, errorCount: 0, memoryBytes: 0, ...(webhook ? { webhook } : {}) });

  beforeAll(async () => {
    db = await openTestDatabase('whh');
    models = platformModels(db.connection);
    await models.Heartbeat.create([
      beat('aaaaaaaaaaa1', { checkedAt: now, pending: 7, lastErrorDate: new Date(now.getTime() - 60_000), lastErrorMessage: 'Connection refused' }),
      beat('aaaaaaaaaaa2', { checkedAt: now, pending: 0, lastErrorDate: new Date(now.getTime() - 3 * 3600_000), lastErrorMessage: 'old' }),
      beat('aaaaaaaaaaa3', { checkedAt: now, pending: 0 }),
      beat('aaaaaaaaaaa4'),
    ]);
    await models.Clone.collection.insertOne({ _id: 'aaaaaaaaaaa1' as never, botUsername: 'broken_bot' });
  });

  afterAll(() => db.drop());

  it('lists the clones with a recent webhook error and the mother when its own reports one', async () => {
    const health = new WebhookHealth({
      models,
      clock: () => now,
      telegram: { getWebhookInfo: async () => ({ pending_update_count: 3, last_error_date: now.getTime() / 1000 - 10, last_error_message: 'Wrong response from the webhook: 503' }) },
    });
    const problems = await health.problems();
    expect(problems.clones).toEqual([{ cloneId: 'aaaaaaaaaaa1', botUsername: 'broken_bot', pending: 7, lastErrorDate: new Date(now.getTime() - 60_000), lastErrorMessage: 'Connection refused' }]);
    expect(problems.mother).toMatchObject({ pending: 3, lastErrorMessage: 'Wrong response from the webhook: 503' });
    const text = webhooksText(problems, motherTexts.forLocale('es'));
    expect(text).toContain('@broken_bot (<code>aaaaaaaaaaa1</code>): 7 en espera');
    expect(text).toContain('bot madre: 3 en espera');
  });

  it('says all is well when nothing reports an error, and reports a getWebhookInfo that fails', async () => {
    const quiet = new WebhookHealth({ models, clock: () => new Date(now.getTime() + 24 * 3600_000), telegram: { getWebhookInfo: async () => ({ pending_update_count: 0 }) } });
    expect(webhooksText(await quiet.problems())).toBe('<b>Webhooks</b>\n🟢 no webhook reports an error');
    const failing = new WebhookHealth({ models, clock: () => now, telegram: { getWebhookInfo: () => Promise.reject(new Error('socket hang up')) } });
    expect((await failing.problems()).mother?.lastErrorMessage).toBe('getWebhookInfo failed: socket hang up');
  });
});

import { loadConfig } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { HealthService } from '../healthService';

describe('the botPolling health check', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('health-standby');
  });
  afterAll(() => db.drop());

  const check = async (botPolling: () => boolean | 'standby') => {
    const config = loadConfig({ envFile: null, env: { NODE_ENV: 'test', MASTER_KEY: 'k'.repeat(40) } });
    const health = new HealthService({ config, connection: db.connection, pm2Reach: async () => [], botPolling, lastReconcileAt: () => new Date(), clock: () => new Date() });
    return (await health.runtime()).find((c) => c.name === 'botPolling');
  };

  it('is ok while polling, fails when not, and is ok on a standby host of several', async () => {
    expect(await check(() => true)).toMatchObject({ status: 'ok' });
    expect(await check(() => false)).toMatchObject({ status: 'fail' });
    expect(await check(() => 'standby')).toMatchObject({ status: 'ok', message: expect.stringContaining('standby') });
  });
});

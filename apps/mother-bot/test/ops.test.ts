import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@test-support/database';
import { createLogger, loadConfig, platformModels, type AppConfig } from '@motherbot/core';
import { listBackups } from '@motherbot/ops';
import { OpsScheduler } from '../src/ops/opsScheduler';
import { readinessMessage } from '../src/bot/features/admin/readinessTexts';
import { runReadiness } from '../src/ops/readinessRun';

describe('ops scheduler and admin views on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'motherbot-ops-'));
  let config: AppConfig;
  const logger = createLogger({ label: 'ops-test' });

  beforeAll(async () => {
    db = await openTestDatabase('ops');
    config = loadConfig({
      env: { DATA_DIR: dataDir, LOG_DIR: join(dataDir, 'logs'), DATABASE_NAME: db.dbName, BACKUP_INTERVAL_HOURS: '6', AUDIT_RETENTION_DAYS: '30' },
      envFile: null,
    });
    await db.connection.collection('audit_events').insertOne({ at: new Date('2020-01-01T00:00:00Z'), action: 'old' });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('two mothers (a pm2 reload) make one verified backup per slot; the clock moves to the next slot', async () => {
    let now = new Date('2030-01-01T01:00:00Z');
    const clock = () => now;
    const models = platformModels(db.connection);
    const a = new OpsScheduler({ config, db: db.connection, models, logger, clock });
    const b = new OpsScheduler({ config, db: db.connection, models, logger, clock });
    await Promise.all([a.tick(), b.tick()]);
    let backups = listBackups(join(dataDir, 'backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]?.verification?.ok).toBe(true);
    expect(await db.connection.collection('audit_events').countDocuments({ action: 'old' })).toBe(0);

    now = new Date('2030-01-01T05:59:00Z');
    await a.tick();
    expect(listBackups(join(dataDir, 'backups'))).toHaveLength(1);
    now = new Date('2030-01-01T06:00:00Z');
    await b.tick();
    backups = listBackups(join(dataDir, 'backups'));
    expect(backups).toHaveLength(2);
  });

  it('/readiness shows the same report as the CLI, with the failing items and why', async () => {
    // Only this test's own PM2 home: the report must never reach for the operator's ~/.pm2 here.
    const report = await runReadiness({ config, db: db.connection, getMe: async () => ({ username: 'x' }), pm2Homes: [join(dataDir, 'pm2')] });
    expect(report.ready).toBe(false);
    const text = readinessMessage(report);
    expect(text).toContain('Not ready for production');
    expect(text).toContain('BOT_TOKEN is not set');
    expect(text.length).toBeLessThan(4096);
  });
});

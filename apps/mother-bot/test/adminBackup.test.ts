import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Telegraf } from 'telegraf';
import { TelegramSandbox, type TgMessage } from '@motherbot/telegram-sandbox';
import { DEFAULT_LOCALE, createLogger, loadConfig, platformModels, type AppConfig } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import { adminOpsFeature } from '../src/bot/features/admin/adminOpsFeature';
import { backupProgressText } from '../src/bot/features/admin/backupTexts';
import { motherTexts } from '../src/i18n/texts';

const BACKUP_STARTED = motherTexts.forLocale(DEFAULT_LOCALE)('backup.started');

const CLONE_DATABASES = ['a', 'b', 'c'];

/**
 * `/backup` from an admin's chat: one message that shows the backup's progress (edited, at most
 * once per `backupProgressEditMs`) and ends as the result. Read back from the sandbox's record
 * of the chat: the message's text history.
 */
describe('/backup progress', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const dir = mkdtempSync(join(tmpdir(), 'admin-backup-'));
  const logger = createLogger({ label: 'backup:test', level: 'error' });
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let config: AppConfig;
  let admin: { id: number };
  let botInfo: { id: number; token: string };
  const bots: Telegraf[] = [];

  /** A mother bot with only the ops feature, polling the sandbox. */
  const launch = async (overrides: { backupProgressEditMs: number; config?: AppConfig }): Promise<void> => {
    for (const running of bots.splice(0)) running.stop('next test');
    const bot = new Telegraf(botInfo.token, { telegram: { apiRoot: sandbox.apiRoot } });
    bot.use(adminOpsFeature({ config: overrides.config ?? config, models: platformModels(db.connection), logger, isAdmin: (id) => id === admin.id, db: () => db.connection, backupProgressEditMs: overrides.backupProgressEditMs }));
    bots.push(bot);
    await new Promise<void>((resolve) => void bot.launch(() => resolve()).catch(() => undefined));
  };

  /** Sends /backup and returns the status message once its text is final (✅ or ❌). */
  const backup = async (): Promise<{ status: TgMessage; texts: string[] }> => {
    const after = sandbox.cursor();
    await sandbox.sendText(admin.id, botInfo.id, '/backup');
    const status = await sandbox.waitForBotMessage({ chatId: admin.id, botRef: botInfo.id, after, predicate: (m) => m.text === BACKUP_STARTED });
    const entry = await waitUntil('the result in the /backup message', () => {
      const e = sandbox.transcript(admin.id, botInfo.id).find((t) => t.messageId === status.message_id);
      return e && /^[✅❌]/u.test(e.message.text ?? '') ? e : undefined;
    }, 30_000);
    return { status, texts: [...entry.history.map((m) => m.text ?? ''), entry.message.text ?? ''] };
  };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    botInfo = sandbox.createBot({ username: 'backup_mother_bot' });
    admin = sandbox.createUser({ firstName: 'Ada' });
    db = await openTestDatabase('bkp');
    await db.connection.collection('users').insertMany([{ _id: 1 as never, n: 1 }, { _id: 2 as never, n: 2 }]);
    for (const id of CLONE_DATABASES) await db.connection.useDb(`${db.dbName}_clone_${id}`).collection('files').insertOne({ name: `file of ${id}` });
    config = loadConfig({
      envFile: null,
      env: { NODE_ENV: 'test', BOT_TOKEN: botInfo.token, TELEGRAM_API_ROOT: sandbox.apiRoot, ADMIN_IDS: String(admin.id), MASTER_KEY: 'backup-test-master-key-0123456789abcdefghijk', DATA_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), DATABASE_NAME: db.dbName },
    });
  });

  afterAll(async () => {
    for (const bot of bots) bot.stop('done');
    await sandbox.stop();
    for (const id of CLONE_DATABASES) await db.connection.useDb(`${db.dbName}_clone_${id}`).dropDatabase();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => sandbox.clearFaults());

  it('edits one message as each database is backed up, then shows the verified result; a second /backup meanwhile is told to wait', async () => {
    await launch({ backupProgressEditMs: 0 });
    // The progress edits wait in the sandbox until released: the backup is still running then.
    sandbox.injectFault({ botRef: botInfo.id, method: 'editMessageText', kind: 'hold' });
    const run = backup();
    await waitUntil('a progress edit', () => sandbox.heldCalls().length > 0, 30_000);
    const after = sandbox.cursor();
    await sandbox.sendText(admin.id, botInfo.id, '/backup');
    await sandbox.waitForBotMessage({ chatId: admin.id, botRef: botInfo.id, after, predicate: (m) => /already running/.test(m.text ?? '') });
    sandbox.clearFaults();
    const { texts } = await run;

    const names = [db.dbName, ...CLONE_DATABASES.map((id) => `${db.dbName}_clone_${id}`)];
    expect(texts.slice(0, -1)).toEqual([BACKUP_STARTED, ...names.map((name, i) => backupProgressText(i + 1, names.length, name))]);
    expect(texts.at(-1)).toMatch(/^✅ Backup backup-\S+: 4 databases, 5 documents, \d+ KB; verified by a test restore\.$/u);
    expect(sandbox.transcript(admin.id, botInfo.id).filter((e) => e.direction === 'bot' && /^[✅❌]/u.test(e.summary))).toHaveLength(1);
  }, 60_000);

  it('edits at most once per period: a backup that ends within it goes from the start message straight to the result', async () => {
    await launch({ backupProgressEditMs: 3_600_000 });
    const { texts } = await backup();
    expect(texts).toEqual([BACKUP_STARTED, expect.stringMatching(/^✅ .*: 4 databases, /u)]);
  }, 60_000);

  it('ends the message with the reason when the backup fails, and the next /backup can run', async () => {
    const notADirectory = join(dir, 'a-file');
    writeFileSync(notADirectory, 'not a directory');
    await launch({ backupProgressEditMs: 0, config: { ...config, backupDir: join(notADirectory, 'backups') } });
    const failed = await backup();
    expect(failed.texts.at(-1)).toMatch(/^❌ Backup failed: .*ENOTDIR/u);
    await launch({ backupProgressEditMs: 0 });
    expect((await backup()).texts.at(-1)).toMatch(/^✅/u);
  }, 60_000);
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import {
  WorkerExitCode,
  createLogger,
  deriveCloneKey,
  loadConfig,
  platformModels,
  sealToken,
  writeWorkerSecrets,
  type AppConfig,
  type PlatformModels,
} from '@motherbot/core';
import { openTestDatabase, testMongoUri } from '@test-support/database';
import { CloneWorker, WorkerStartError } from '../cloneWorker';

const MASTER = 'worker-test-master-key-0123456789abcdefghijkl';

/** The worker's life in-process: real sandbox, real FerretDB, its real runtime file. */
describe('CloneWorker', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const dir = mkdtempSync(join(tmpdir(), 'worker-'));
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let config: AppConfig;
  const logger = createLogger({ label: 'clone:test' });

  const makeClone = async (cloneId: string, username: string) => {
    const bot = sandbox.createBot({ username });
    await models.Clone.create({ _id: cloneId, ownerId: 1, botId: bot.id, botUsername: username, source: 'token' });
    await models.CloneToken.create({ _id: cloneId, sealed: sealToken(deriveCloneKey(MASTER, cloneId), cloneId, bot.token) });
    writeWorkerSecrets(config.dataDir, { cloneId, mongoUri: testMongoUri(), cloneKey: deriveCloneKey(MASTER, cloneId).toString('base64') });
    return bot;
  };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    db = await openTestDatabase('worker');
    models = platformModels(db.connection);
    config = loadConfig({
      envFile: null,
      env: { TELEGRAM_API_ROOT: sandbox.apiRoot, DATA_DIR: dir, DATABASE_NAME: db.dbName, HEARTBEAT_INTERVAL_MS: '200' },
    });
  });
  afterAll(async () => {
    await sandbox.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('polls, answers, beats, and stops cleanly', async () => {
    const bot = await makeClone('a00000000001', 'worker_a_bot');
    const user = sandbox.createUser({ firstName: 'Uma' });
    const worker = new CloneWorker('a00000000001', config, logger);
    const stopped: number[] = [];
    await worker.start((code) => stopped.push(code));
    await sandbox.sendText(user.id, bot.id, '/start');
    const reply = await sandbox.waitForBotMessage({ chatId: user.id, botRef: bot.id, timeoutMs: 10_000 });
    expect(reply.text).toContain('Hello Uma');
    let beat = null;
    for (let i = 0; i < 50 && !(beat && beat.updates > 0); i += 1) {
      await new Promise((r) => setTimeout(r, 100));
      beat = await models.Heartbeat.findById('a00000000001').lean();
    }
    expect(beat?.pid).toBe(process.pid);
    expect(beat?.updates).toBeGreaterThan(0);
    await worker.stop('test');
    expect(stopped).toEqual([WorkerExitCode.Clean]);
  });

  it('exits with TokenInvalid when Telegram rejects the token', async () => {
    const bot = await makeClone('a00000000002', 'worker_b_bot');
    sandbox.revokeToken(bot.id);
    const worker = new CloneWorker('a00000000002', config, logger);
    const error = await worker.start(() => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerStartError);
    expect((error as WorkerStartError).exitCode).toBe(WorkerExitCode.TokenInvalid);
    await worker.stop('test');
  });

  it('reports a bad setup: no runtime file, or a key that is not its own', async () => {
    const noFile = new CloneWorker('a00000000009', config, logger);
    // A bad setup, not worth a restart: exit code 66, and the reason from the runtime file's check.
    await expect(noFile.start(() => undefined)).rejects.toMatchObject({ code: 'WORKER_START', exitCode: WorkerExitCode.BadSetup, message: expect.stringMatching(/runtime file/) });
    await noFile.stop('test');

    await makeClone('a00000000003', 'worker_c_bot');
    // Hand clone 3 the key of clone 4: it must not open clone 3's token.
    writeWorkerSecrets(config.dataDir, { cloneId: 'a00000000003', mongoUri: testMongoUri(), cloneKey: deriveCloneKey(MASTER, 'a00000000004').toString('base64') });
    const wrongKey = new CloneWorker('a00000000003', config, logger);
    const error = await wrongKey.start(() => undefined).catch((e: unknown) => e);
    expect((error as WorkerStartError).exitCode).toBe(WorkerExitCode.BadSetup);
    await wrongKey.stop('test');
  });
});

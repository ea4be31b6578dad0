import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '@test-support/database';
import { writeWorkerSecrets, deriveCloneKey, sealToken, cloneModel, cloneTokenModel, leaseModel, type AppConfig } from '@motherbot/core';
import { CHECKS, type PlatformProcess } from '../index';
import { TEST_MASTER_KEY, emptySnapshot, testConfig, testInputs, workerProcess } from './readinessFixture';

const A = 'aaaaaaaaaaaa';
const B = 'bbbbbbbbbbbb';
const TOKEN_A = `7000000002:${'a'.repeat(30)}tokenA`;

describe('process checks look at each worker PM2 runs', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let dir: string;
  let config: AppConfig;

  beforeAll(async () => {
    db = await openTestDatabase('readyproc');
    dir = mkdtempSync(join(tmpdir(), 'motherbot-readyproc-'));
    config = testConfig(dir, db.dbName);
    for (const id of [A, B]) {
      await cloneModel(db.connection).create({ _id: id, ownerId: 1, botId: id === A ? 7 : 8, botUsername: `bot_${id}`, source: 'token', desiredRunning: true });
      writeWorkerSecrets(dir, { cloneId: id, mongoUri: 'mongodb://127.0.0.1:27017/', cloneKey: deriveCloneKey(TEST_MASTER_KEY, id).toString('base64') });
    }
    await cloneTokenModel(db.connection).create({ _id: A, sealed: sealToken(deriveCloneKey(TEST_MASTER_KEY, A), A, TOKEN_A) });
  });
  afterAll(async () => {
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const home = (): string => join(dir, 'pm2');
  const run = async (id: keyof typeof CHECKS, processes: PlatformProcess[], extra: Parameters<typeof emptySnapshot>[1] = {}, checkConfig = config) =>
    CHECKS[id](testInputs(checkConfig, db.connection, { snapshot: emptySnapshot(home(), { processes, ...extra }) }));
  const workers = (): PlatformProcess[] => [workerProcess(A, config, { pid: 101 }), workerProcess(B, config, { pid: 102 })];

  describe('clone-isolation', () => {
    it('fails when no worker runs, or PM2 cannot be reached: nothing is shown isolated', async () => {
      await expect(run('clone-isolation', [])).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no clone worker runs') });
      const stopped = await run('clone-isolation', [workerProcess(A, config, { status: 'stopped' })]);
      expect(stopped).toMatchObject({ ok: false, detail: expect.stringContaining('1 clone process, none online') });
      await expect(run('clone-isolation', [], { reachable: false, problem: 'no daemon runs there' })).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('no PM2 daemon answered') });
    });

    it("passes on workers with clean environments and command lines, each its own database, and says what it read", async () => {
      const result = await run('clone-isolation', workers());
      expect(result.ok).toBe(true);
      expect(result.detail).toContain(`clone-${A} pid 101`);
      expect(result.detail).toContain(`${db.dbName}_clone_${A}`);
      expect(result.detail).toContain('1 × the bot token of a clone');
    });

    it('fails on a secret in a worker\'s environment, by name or by value, and on its command line', async () => {
      const masterInEnv = await run('clone-isolation', [workerProcess(A, config, { env: { ...workerProcess(A, config).env, MASTER_KEY: TEST_MASTER_KEY } })]);
      expect(masterInEnv).toMatchObject({ ok: false, detail: expect.stringContaining(`clone-${A}: MASTER_KEY in its environment`) });
      expect(masterInEnv.detail).not.toContain(TEST_MASTER_KEY);
      const tokenInEnv = await run('clone-isolation', [workerProcess(A, config, { env: { ...workerProcess(A, config).env, EXTRA: `x${TOKEN_A}` } })]);
      expect(tokenInEnv).toMatchObject({ ok: false, detail: expect.stringContaining(`the bot token of clone ${A} in its environment (EXTRA)`) });
      const onCommandLine = await run('clone-isolation', [workerProcess(A, config, { commandLine: ['node', 'main.js', `--uri=mongodb://u:secretpw@h/`] })]);
      expect(onCommandLine).toMatchObject({ ok: false, detail: expect.stringContaining('a MongoDB URI with its password on its command line (argument 2)') });
    });

    it("fails on a worker pointed at another platform's database, two processes for one clone, and a runtime file others can read", async () => {
      const wrongDb = await run('clone-isolation', [workerProcess(A, config, { env: { ...workerProcess(A, config).env, DATABASE_NAME: 'other' } })]);
      expect(wrongDb).toMatchObject({ ok: false, detail: expect.stringContaining('DATABASE_NAME=other') });
      const twice = await run('clone-isolation', [workerProcess(A, config, { pid: 1 }), workerProcess(A, config, { pid: 2 })]);
      expect(twice).toMatchObject({ ok: false, detail: expect.stringContaining(`clone ${A} runs in 2 processes`) });
      chmodSync(join(dir, 'run', 'clones', `${B}.json`), 0o644);
      try {
        await expect(run('clone-isolation', workers())).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('is mode 0644, not 0600') });
      } finally {
        chmodSync(join(dir, 'run', 'clones', `${B}.json`), 0o600);
      }
    });
  });

  describe('process-env-clean', () => {
    it("fails on a secret in any platform process's environment or in PM2's dump file; passes when there is none", async () => {
      const mother: PlatformProcess = { ...workerProcess(A, config), name: 'motherbot', env: { NODE_ENV: 'production', PATH: '/bin' } };
      const clean = await run('process-env-clean', [mother, ...workers()]);
      expect(clean).toMatchObject({ ok: true, detail: expect.stringContaining('3 platform processes in the PM2 daemon') });
      const leaky = await run('process-env-clean', [{ ...mother, env: { ...mother.env, BOT_TOKEN: '123:abc' } }]);
      expect(leaky).toMatchObject({ ok: false, detail: expect.stringContaining('motherbot: BOT_TOKEN in its environment') });
      mkdirSync(home(), { recursive: true });
      writeFileSync(join(home(), 'dump.pm2'), JSON.stringify([{ name: `clone-${A}`, env: { KEY: TEST_MASTER_KEY } }]));
      try {
        await expect(run('process-env-clean', workers())).resolves.toMatchObject({ ok: false, detail: expect.stringContaining(`MASTER_KEY in ${join(home(), 'dump.pm2')}`) });
      } finally {
        rmSync(join(home(), 'dump.pm2'));
      }
    });
  });

  describe('pool-sizes', () => {
    it("adds up the pools against the clones and the server's limit, and fails on a worker not given CLONE_DB_POOL_SIZE", async () => {
      const good = await run('pool-sizes', workers());
      expect(good.ok).toBe(true);
      expect(good.detail).toContain('MOTHER_DB_POOL_SIZE 10 + 2 clone(s) × CLONE_DB_POOL_SIZE 2 + 4 for an ops command = 18 connections at most');
      expect(good.detail).toMatch(/server reports no connection limit|open now, limit/);
      const stale = await run('pool-sizes', [workerProcess(A, config, { env: { ...workerProcess(A, config).env, CLONE_DB_POOL_SIZE: '20' } })]);
      expect(stale).toMatchObject({ ok: false, detail: expect.stringContaining(`clone-${A} has 20`) });
    });
  });

  describe('rate-limit', () => {
    it("fails on limits above Telegram's and on a worker that does not get the configured values", async () => {
      await expect(run('rate-limit', workers())).resolves.toMatchObject({ ok: true, detail: expect.stringContaining("2 running workers: both values in each one's PM2 environment") });
      const fast = testConfig(dir, db.dbName, { BROADCAST_RATE_PER_SECOND: '100' });
      await expect(run('rate-limit', [], {}, fast)).resolves.toMatchObject({ ok: false, detail: expect.stringContaining('BROADCAST_RATE_PER_SECOND=100 is above') });
      const unwired = workerProcess(A, config, { env: { ...workerProcess(A, config).env, USER_RATE_PER_MINUTE: '' } });
      delete unwired.env.USER_RATE_PER_MINUTE;
      await expect(run('rate-limit', [unwired])).resolves.toMatchObject({ ok: false, detail: expect.stringContaining("USER_RATE_PER_MINUTE=(unset: the worker's default)") });
    });
  });

  describe('no-leftovers', () => {
    it("fails on a worker or runtime file of a deleted clone, and on `npm start`'s PM2 daemon left running without a mother", async () => {
      await expect(run('no-leftovers', workers())).resolves.toMatchObject({ ok: true, detail: expect.stringContaining('nothing left behind') });
      const ghost = 'cccccccccccc';
      await expect(run('no-leftovers', [...workers(), workerProcess(ghost, config)])).resolves.toMatchObject({ ok: false, detail: expect.stringContaining(`clone-${ghost}`) });
      writeWorkerSecrets(dir, { cloneId: ghost, mongoUri: 'mongodb://h/', cloneKey: 'k' });
      try {
        await expect(run('no-leftovers', workers())).resolves.toMatchObject({ ok: false, detail: expect.stringContaining(`${ghost}.json`) });
      } finally {
        rmSync(join(dir, 'run', 'clones', `${ghost}.json`));
      }
      const leftDaemon = await run('no-leftovers', [], { private: true });
      expect(leftDaemon).toMatchObject({ ok: false, detail: expect.stringContaining('runs while no mother does') });
      await leaseModel(db.connection).create({ _id: 'clone-manager', holder: 'test', until: new Date(Date.now() + 60_000) });
      try {
        await expect(run('no-leftovers', [], { private: true })).resolves.toMatchObject({ ok: true });
      } finally {
        await leaseModel(db.connection).deleteOne({ _id: 'clone-manager' });
      }
    });
  });
});

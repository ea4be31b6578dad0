import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { connectDatabase } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { MASTER_KEY } from './harness';

const repo = join(__dirname, '..', '..', '..');
const USERS = 20;
const MESSAGES_EACH = 10;

/**
 * Graceful shutdown under traffic: the compiled mother (dist/main.js, as PM2 runs it) gets
 * SIGTERM while 200 `/start`s are arriving. It must exit 0 with its log flushed and leave the
 * PM2 daemon (and so the clones) alone; a second mother then answers the rest. Every message
 * gets exactly one reply: nothing lost, nothing answered twice.
 */
describe('graceful shutdown under traffic', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const dir = mkdtempSync(join(tmpdir(), 'shutdown-'));
  const dbName = uniqueDbName('shut');
  const pm2Home = join(dir, 'pm2');
  let env: NodeJS.ProcessEnv;
  const children: ChildProcess[] = [];

  const startMother = async (): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> => {
    const child = spawn(process.execPath, [join(repo, 'apps/mother-bot/dist/main.js')], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const deadline = Date.now() + 45_000;
    while (!output.includes('mother ready') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    if (!output.includes('mother ready')) throw new Error(`mother did not start:\n${output}`);
    return { child, exited, output: () => output };
  };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    const mother = sandbox.createBot({ username: 'mother_shutdown_bot' });
    env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      BOT_TOKEN: mother.token,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      MONGODB_URI: testMongoUri(),
      DATABASE_NAME: dbName,
      MASTER_KEY,
      ADMIN_IDS: '1',
      DATA_DIR: join(dir, 'data'),
      LOG_DIR: join(dir, 'logs'),
      PM2_HOME: pm2Home,
      HTTP_PORT: '0',
      RECONCILE_INTERVAL_MS: '500',
      LOG_LEVEL: 'info',
    };
  }, 30_000);

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await new Pm2Client(pm2Home).shutdownDaemon().catch(() => undefined);
    await sandbox.stop();
    const conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 1 });
    await conn.dropDatabase().catch(() => undefined);
    await conn.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('finishes in-flight updates, exits 0, keeps PM2 running, and loses or repeats nothing', async () => {
    const users = Array.from({ length: USERS }, (_, i) => sandbox.createUser({ firstName: `U${i}` }));
    const mother = sandbox.bot('mother_shutdown_bot');
    const replies = (userId: number) =>
      sandbox.transcript(userId, mother.id).filter((e) => e.direction === 'bot' && /^Hi U\d+!/.test(e.summary ?? String(e.message.text ?? '')));
    const total = () => users.reduce((n, u) => n + replies(u.id).length, 0);

    const first = await startMother();
    const pm2Daemon = new Pm2Client(pm2Home).daemonPid();
    expect(pm2Daemon).toBeDefined();
    // Each user says hello once first. (Several first messages of a new user in one batch race on
    // the user's insert in knownUsers and one gets "Something went wrong" on FerretDB: a separate
    // bug, reported; this test is about shutdown.)
    for (const u of users) {
      const after = sandbox.cursor();
      await sandbox.sendText(u.id, mother.id, '/help');
      await sandbox.waitForBotMessage({ chatId: u.id, botRef: mother.id, after, timeoutMs: 15_000 });
    }

    // Half of the traffic, then SIGTERM as soon as the mother is answering it; the rest arrives meanwhile.
    for (let m = 0; m < MESSAGES_EACH / 2; m += 1) for (const u of users) await sandbox.sendText(u.id, mother.id, '/start');
    for (let i = 0; i < 300 && total() === 0; i += 1) await new Promise((r) => setTimeout(r, 10));
    first.child.kill('SIGTERM');
    for (let m = MESSAGES_EACH / 2; m < MESSAGES_EACH; m += 1) for (const u of users) await sandbox.sendText(u.id, mother.id, '/start');
    expect(await first.exited).toBe(0);
    const answeredByFirst = total();
    expect(answeredByFirst).toBeGreaterThan(0);
    expect(answeredByFirst).toBeLessThan(USERS * MESSAGES_EACH);

    // Stopping the mother never stops the PM2 daemon (nor, through it, any clone).
    expect(new Pm2Client(pm2Home).daemonPid()).toBe(pm2Daemon);
    // The log was flushed: the shutdown line is on stdout, the mother's one log stream.
    expect(first.output()).toContain('SIGTERM received: shutting down');

    const second = await startMother();
    try {
      const deadline = Date.now() + 30_000;
      while (total() < USERS * MESSAGES_EACH && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      // A marker after everything: its reply means every earlier update was handled (batches run in order).
      for (const u of users) {
        const after = sandbox.cursor();
        await sandbox.sendText(u.id, mother.id, '/help');
        await sandbox.waitForBotMessage({ chatId: u.id, botRef: mother.id, after, predicate: (m) => /Commands:/.test(String(m.text)), timeoutMs: 15_000 });
      }
      const wrong = users
        .filter((u) => replies(u.id).length !== MESSAGES_EACH)
        .map((u) => ({ user: u.firstName, transcript: sandbox.transcript(u.id, mother.id).map((e) => `${e.direction}: ${String(e.summary).slice(0, 50)}`) }));
      expect(wrong).toEqual([]);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
  }, 120_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import {
  cloneWebhookKey,
  connectDatabase,
  deriveCloneKey,
  findFreePort,
  loadConfig,
  motherWebhookKey,
  platformModels,
  webhookCredentials,
  webhookPath,
  WEBHOOK_SECRET_HEADER,
  type PlatformModels,
} from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import type { Connection } from 'mongoose';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { Pm2Client } from '../src/cloneManager/pm2Client';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { daemonPidOf, isAlive, leftovers, REPO } from './launcherProcess';
import { parseExposition } from './prometheusText';
import { answersStart, testPlatformEnv } from './hostProcess';

const MOTHER = join(REPO, 'apps/mother-bot/dist/main.js');
const MASTER_KEY = 'webhook-mode-master-key-0123456789abcdefghijkl';

/**
 * Webhook mode end to end: the real mother process (its ingress), a real PM2 daemon with a
 * private PM2_HOME, a real clone worker, the sandbox delivering by webhook. Both bots answer;
 * a wrong secret, a wrong path and a flood of junk are refused and counted without an update
 * reaching a bot; switching to polling (a restart of the mother) leaves no webhook behind and no
 * token polled twice, and switching back leaves no poller.
 */
describe('webhook mode: one ingress for the mother and its clones', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 200 });
  const dbName = uniqueDbName('wh');
  const dir = mkdtempSync(join(tmpdir(), 'wh-'));
  const pm2Home = join(dir, 'pm2');
  let conn: Connection;
  let models: PlatformModels;
  let env: Record<string, string> = {};
  let webhookEnv: Record<string, string> = {};
  let base = '';
  let mother: ChildProcess | undefined;
  let output = '';
  let motherBot: { id: number; username: string; token: string };
  let cloneBot: { id: number; token: string; username: string };
  let cloneId = '';
  let user: { id: number };

  const startMother = (extra: Record<string, string>): void => {
    output = '';
    mother = spawn(process.execPath, [MOTHER], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PM2_HOME: pm2Home, DATA_DIR: join(dir, 'data'), LOG_DIR: join(dir, 'logs'), LOG_OUTPUT: 'stdout', ...env, ...extra },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    mother.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    mother.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  };
  /** SIGTERM to the mother alone: its clone workers stay under PM2, for the next mother to adopt. */
  const stopMother = async (): Promise<void> => {
    const child = mother;
    mother = undefined;
    if (!child?.pid || !isAlive(child.pid) || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
  };
  const answers = (botId: number, timeoutMs?: number): Promise<boolean> => answersStart(sandbox, user.id, botId, timeoutMs);
  const statusUrl = (): Promise<string> => waitUntil('status server', () => /status page on (http:\/\/[0-9.:]+)\/status/.exec(output)?.[1], 30_000);
  const webhookCounts = async (): Promise<Record<string, number>> => {
    const text = await (await fetch(`${await statusUrl()}/metrics`)).text();
    const family = parseExposition(text).get('motherbot_webhook_requests_total');
    return Object.fromEntries((family?.samples ?? []).map((s) => [String(s.labels.outcome), s.value]));
  };
  const getUpdatesCalls = (botId: number): number => sandbox.stats().requests.byBot[String(botId)]?.getUpdates ?? 0;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    motherBot = sandbox.createBot({ username: 'mother_wh_bot', canManageBots: true });
    const admin = sandbox.createUser({ firstName: 'Ada' });
    user = sandbox.createUser({ firstName: 'Uma' });
    const port = await findFreePort();
    base = `http://127.0.0.1:${port}`;
    webhookEnv = { WEBHOOK_BASE_URL: base, WEBHOOK_PORT: String(port) };
    env = testPlatformEnv({ apiRoot: sandbox.apiRoot, motherToken: motherBot.token, masterKey: MASTER_KEY, mongoUri: testMongoUri(), dbName, adminId: admin.id });
    conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 2 });
    models = platformModels(conn);
    const config = loadConfig({ envFile: null, env });
    const onboarding = new CloneOnboarding({ config, models, masterKey: MASTER_KEY, identify: telegramBotIdentifier(sandbox.apiRoot), onChange: () => undefined });
    const owner = sandbox.createUser({ firstName: 'Olga' });
    cloneBot = sandbox.createBot({ username: 'wh_clone_bot' });
    cloneId = (await onboarding.createClone({ ownerId: owner.id, token: cloneBot.token, source: 'token' })).cloneId;
    startMother(webhookEnv);
  }, 60_000);

  afterAll(async () => {
    await stopMother();
    if (daemonPidOf(pm2Home)) {
      const pm2 = new Pm2Client(pm2Home);
      await pm2.connect().then(() => pm2.shutdownDaemon()).catch(() => undefined);
      await pm2.disconnect().catch(() => undefined);
    }
    await leftovers(dir);
    rmSync(dir, { recursive: true, force: true });
    await sandbox.stop();
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
  }, 60_000);

  it('the mother and a clone answer by webhook, through the one ingress', async () => {
    await waitUntil('the mother answers', () => answers(motherBot.id), 30_000);
    await waitUntil('the clone answers', () => answers(cloneBot.id), 45_000);
    expect(sandbox.webhookInfo(motherBot.id)?.url.startsWith(`${base}/tg/m/`)).toBe(true);
    expect(sandbox.webhookInfo(cloneBot.id)?.url.startsWith(`${base}/tg/c/${cloneId}/`)).toBe(true);
    expect(getUpdatesCalls(motherBot.id) + getUpdatesCalls(cloneBot.id)).toBe(0);
    // The ingress counts a delivery when the bot's 200 comes back, which is after the bot's reply was sent.
    await waitUntil('both deliveries counted', async () => ((await webhookCounts()).delivered ?? 0) >= 2, 10_000);
    expect((await webhookCounts()).delivered).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('refuses a wrong secret, a wrong path and a flood of junk, counts them, and no update reaches a bot', async () => {
    const motherCreds = webhookCredentials(motherWebhookKey(MASTER_KEY));
    const cloneCreds = webhookCredentials(cloneWebhookKey(deriveCloneKey(MASTER_KEY, cloneId)));
    const before = await webhookCounts();
    const messagesBefore = sandbox.cursor();
    const update = JSON.stringify({ update_id: 999_999, message: { message_id: 1, date: 0, chat: { id: user.id, type: 'private' }, from: { id: user.id, is_bot: false, first_name: 'X' }, text: '/start' } });
    const post = async (path: string, secret: string, method = 'POST'): Promise<number> =>
      (await fetch(`${base}${path}`, { method, headers: { 'content-type': 'application/json', [WEBHOOK_SECRET_HEADER]: secret }, ...(method === 'POST' ? { body: update } : {}) })).status;

    expect(await post(webhookPath({ kind: 'mother' }, motherCreds), 'wrong-secret')).toBe(401);
    expect(await post(webhookPath({ kind: 'clone', cloneId }, cloneCreds), cloneCreds.secretToken.slice(1))).toBe(401);
    expect(await post(`/tg/m/${'A'.repeat(32)}`, motherCreds.secretToken)).toBe(404);
    expect(await post(`/tg/c/${cloneId}/${'B'.repeat(32)}`, cloneCreds.secretToken)).toBe(404);

    // 2000 junk requests: made-up paths and clone ids, wrong methods, bytes that are not HTTP.
    const statuses = new Map<number, number>();
    const junk = async (i: number): Promise<void> => {
      let status: number;
      if (i % 4 === 3) {
        status = await new Promise<number>((resolve) => {
          const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.end(`\x16\x03junk ${i}\r\n\r\n`));
          let text = '';
          socket.on('data', (c: Buffer) => (text += c.toString()));
          socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0)));
          socket.on('error', () => undefined);
        });
      } else if (i % 4 === 2) {
        status = await post(webhookPath({ kind: 'clone', cloneId }, cloneCreds), cloneCreds.secretToken, 'GET');
      } else if (i % 4 === 1) {
        status = await post(`/tg/c/${i.toString(16).padStart(12, '0')}/${'C'.repeat(32)}`, 'x');
      } else {
        status = await post(`/wp-login.php?i=${i}`, '');
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    for (let i = 0; i < 2000; i += 50) await Promise.all(Array.from({ length: 50 }, (_, k) => junk(i + k)));
    expect(Object.fromEntries(statuses)).toEqual({ 400: 500, 404: 1000, 405: 500 });

    const after = await webhookCounts();
    const grew = (outcome: string): number => (after[outcome] ?? 0) - (before[outcome] ?? 0);
    expect({ unauthorized: grew('unauthorized'), not_found: grew('not_found'), bad_request: grew('bad_request'), method_not_allowed: grew('method_not_allowed') }).toEqual({
      unauthorized: 2,
      not_found: 1002,
      bad_request: 500,
      method_not_allowed: 500,
    });
    // Nothing reached a bot: no webhook request was handed on, and no bot wrote anything.
    expect(grew('delivered')).toBe(0);
    expect(sandbox.transcript(user.id, motherBot.id).filter((e) => e.seq > messagesBefore)).toEqual([]);
    expect(sandbox.transcript(user.id, cloneBot.id).filter((e) => e.seq > messagesBefore)).toEqual([]);
    // The bots still answer.
    expect(await answers(motherBot.id, 10_000)).toBe(true);
    expect(await answers(cloneBot.id, 10_000)).toBe(true);
  }, 60_000);

  it('switching to polling (a restart) leaves no webhook, no token polled twice; back on, no poller', async () => {
    await stopMother();
    startMother({});
    await waitUntil('the mother answers by polling', () => answers(motherBot.id, 3_000), 30_000);
    await waitUntil('the clone answers by polling', () => answers(cloneBot.id, 3_000), 45_000);
    expect(sandbox.webhookInfo(motherBot.id)).toBeUndefined();
    expect(sandbox.webhookInfo(cloneBot.id)).toBeUndefined();
    expect(getUpdatesCalls(cloneBot.id)).toBeGreaterThan(0);

    await stopMother();
    startMother(webhookEnv);
    await waitUntil('the mother answers by webhook again', () => answers(motherBot.id, 3_000), 30_000);
    await waitUntil('the clone answers by webhook again', async () => (await answers(cloneBot.id, 3_000)) && sandbox.webhookInfo(cloneBot.id) !== undefined, 45_000);
    const polls = [getUpdatesCalls(motherBot.id), getUpdatesCalls(cloneBot.id)];
    expect(await answers(motherBot.id)).toBe(true);
    expect(await answers(cloneBot.id)).toBe(true);
    expect([getUpdatesCalls(motherBot.id), getUpdatesCalls(cloneBot.id)]).toEqual(polls);
    expect(sandbox.webhookInfo(motherBot.id)?.url.startsWith(`${base}/tg/m/`)).toBe(true);
    const overlaps = sandbox.stats().overlappingPolls;
    expect([overlaps[motherBot.id] ?? 0, overlaps[cloneBot.id] ?? 0]).toEqual([0, 0]);
  }, 120_000);

  it('a clone its owner stops has its webhook deleted', async () => {
    await models.Clone.updateOne({ _id: cloneId }, { $set: { desiredRunning: false } });
    await waitUntil("the stopped clone's webhook is gone", () => sandbox.webhookInfo(cloneBot.id) === undefined, 30_000);
  }, 40_000);
});

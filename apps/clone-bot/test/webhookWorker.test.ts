import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TelegramSandbox, type BotInfo, type TgMessage, type UserInfo } from '@motherbot/telegram-sandbox';
import { deriveCloneKey, parseWebhookPath, platformModels, sealToken, workerSocketPath, writeWorkerSecrets, type PlatformModels } from '@motherbot/core';
import { openTestDatabase, testMongoUri } from '@test-support/database';
import { SocketForwarder } from '@test-support/socketForwarder';
import { waitUntil } from '@test-support/waitUntil';

const MASTER = 'webhook-worker-e2e-master-key-0123456789abcdef';
const CLONE_ID = 'd00000000001';
const MAIN = resolve(__dirname, '../dist/main.js');
const STREAM = 50;

const textOf = (m: TgMessage): string => m.text ?? m.caption ?? '';

/**
 * The real clone worker process (dist/main.js, as PM2 runs it) in webhook mode, behind a
 * stand-in for the host's ingress (a loopback HTTP server forwarding /tg/c/... to the worker's
 * unix socket), against the sandbox delivering by webhook.
 */
describe('clone worker in webhook mode (process)', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 200 });
  const dir = mkdtempSync(join(tmpdir(), 'hookp-'));
  const children = new Set<ChildProcess>();
  let forwarder: SocketForwarder;
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  let models: PlatformModels;
  let bot: BotInfo;
  let owner: UserInfo;
  let output = '';
  /** Chats whose update a worker confirmed (200 through the ingress); each user of the stream sends one message. */
  const confirmedChats = new Set<number>();

  /** Starts dist/main.js as PM2 would (CLONE_ID, nothing secret in the environment); resolves once it reports ready. */
  const startWorker = async (): Promise<ChildProcess> => {
    const env = {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      CLONE_ID,
      DATA_DIR: dir,
      LOG_DIR: join(dir, 'logs'),
      DATABASE_NAME: db.dbName,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      WEBHOOK_BASE_URL: forwarder.url,
      HEARTBEAT_INTERVAL_MS: '500',
    };
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    children.add(child);
    child.on('exit', () => children.delete(child));
    for (const stream of [child.stdout!, child.stderr!]) stream.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await new Promise<void>((ready, failed) => {
      child.on('message', (message) => message === 'ready' && ready());
      child.on('exit', (code) => failed(new Error(`worker exited with ${code} before ready:\n${output.slice(-3000)}`)));
    });
    return child;
  };
  const kill9 = async (child: ChildProcess): Promise<void> => {
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    child.kill('SIGKILL');
    await exited;
  };
  /** The files the bot sent a user (a share link opened once is one file). */
  const filesOf = (user: UserInfo): number =>
    sandbox.transcript(user.id, bot.id).filter((e) => e.direction === 'bot' && (e.message as { document?: unknown }).document !== undefined).length;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    db = await openTestDatabase('hookworker');
    models = platformModels(db.connection);
    forwarder = new SocketForwarder(
      (path) => {
        const parsed = parseWebhookPath(path);
        return parsed?.target.kind === 'clone' ? workerSocketPath(dir, parsed.target.cloneId) : undefined;
      },
      (status, body) => {
        const chatId = (JSON.parse(body.toString() || '{}') as { message?: { chat?: { id?: number } } }).message?.chat?.id;
        if (status === 200 && chatId !== undefined) confirmedChats.add(chatId);
      },
    );
    await forwarder.start();
    owner = sandbox.createUser({ firstName: 'Olga' });
    bot = sandbox.createBot({ username: 'hook_worker_e2e_bot' });
    await models.Clone.create({ _id: CLONE_ID, ownerId: owner.id, botId: bot.id, botUsername: bot.username, source: 'token' });
    await models.CloneToken.create({ _id: CLONE_ID, sealed: sealToken(deriveCloneKey(MASTER, CLONE_ID), CLONE_ID, bot.token) });
    writeWorkerSecrets(dir, { cloneId: CLONE_ID, mongoUri: testMongoUri(), cloneKey: deriveCloneKey(MASTER, CLONE_ID).toString('base64') });
  }, 60_000);
  afterAll(async () => {
    for (const child of children) await kill9(child);
    sandbox.clearFaults();
    await forwarder.stop();
    await sandbox.stop();
    await db.drop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('answers /start and a file link, and after a kill -9 mid-stream of 50 answers each message once but for the ones it had answered without confirming', async () => {
    const first = await startWorker();
    expect(sandbox.webhookInfo(bot.id)?.url).toMatch(new RegExp(`^${forwarder.url}/tg/c/${CLONE_ID}/`));

    const ann = sandbox.createUser({ firstName: 'Ann' });
    let after = sandbox.cursor();
    await sandbox.sendText(ann.id, bot.id, '/start');
    expect(textOf(await sandbox.waitForBotMessage({ chatId: ann.id, botRef: bot.id, after, timeoutMs: 10_000 }))).toContain('Hello Ann');

    after = sandbox.cursor();
    await sandbox.sendFile(owner.id, bot.id, { kind: 'document', fileName: 'notes.pdf', content: Buffer.from('the notes') });
    const linkReply = await sandbox.waitForBotMessage({ chatId: owner.id, botRef: bot.id, after, timeoutMs: 10_000, predicate: (m) => /start=/.test(textOf(m)) });
    const code = /\?start=([A-Za-z0-9_-]+)/.exec(textOf(linkReply))![1]!;
    await sandbox.sendText(ann.id, bot.id, `/start ${code}`);
    await waitUntil('the file delivered by its link', () => filesOf(ann) === 1, 10_000);

    // 50 users open the link; each delivery's sendDocument is held 300 ms, so the kill lands
    // while many are running: some before their reply, a few after it and before their 200.
    sandbox.injectFault({ botRef: bot.id, method: 'sendDocument', kind: 'delay', delayMs: 300 });
    const users = Array.from({ length: STREAM }, (_, i) => sandbox.createUser({ firstName: `U${i}` }));
    for (const user of users) await sandbox.sendText(user.id, bot.id, `/start ${code}`);
    await waitUntil('the stream under way', () => users.filter((u) => filesOf(u) > 0).length >= 10, 20_000);
    await kill9(first);
    const answeredAtKill = users.filter((u) => filesOf(u) > 0);
    // Answered by the dead worker, and no 200 for it reached the ingress: Telegram will send these again.
    const unconfirmed = new Set(answeredAtKill.filter((u) => !confirmedChats.has(u.id)).map((u) => u.id));

    // The ingress answers 503 while no worker listens; the sandbox (Telegram) sends again.
    await startWorker();
    await waitUntil('every user served', () => users.every((u) => filesOf(u) >= 1), 60_000);
    // 200 only after a handler finished: nothing pending means every update has finished.
    await waitUntil('nothing pending', () => sandbox.webhookInfo(bot.id)?.pending === 0, 20_000);
    sandbox.clearFaults();

    const twice = users.filter((u) => filesOf(u) > 1);
    const hooks = sandbox.stats().webhookDeliveries[bot.id];
    // A duplicate is a delivery the dead worker had sent but not yet confirmed with its 200:
    // Telegram (the sandbox) sends that update again and the new worker answers it again. The
    // held sendDocument calls are let go together, so the replies come in a burst and the kill,
    // triggered by seeing that burst, lands inside it: the worst moment. A call still held at
    // the kill is dropped with the worker's connection (no reply), and that update is answered
    // once by the next worker. So the duplicates are at most the updates in flight at the kill,
    // and at most max_connections (40) of them.
    process.stdout.write(
      `webhook worker kill -9 mid-stream: ${STREAM} messages, ${answeredAtKill.length} answered at the kill, ` +
        `${unconfirmed.size} of them not confirmed; ${twice.length} answered twice, ${users.length - twice.length} once; ` +
        `sandbox: ${JSON.stringify(hooks)}\n`,
    );
    expect(users.every((u) => filesOf(u) <= 2)).toBe(true);
    // Exactly once, but for the ones the dead worker had answered and not confirmed.
    for (const user of twice) expect(unconfirmed.has(user.id)).toBe(true);
    expect(users.filter((u) => filesOf(u) === 1 || unconfirmed.has(u.id))).toHaveLength(STREAM);
    expect(hooks?.refused).toBeGreaterThan(0);
  }, 120_000);
});

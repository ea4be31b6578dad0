import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { WorkerExitCode } from '@motherbot/core';
import { MASTER_KEY, PlatformHarness } from './harness';

/**
 * The clone lifecycle end to end: real mother, real PM2 daemon (private home), real workers,
 * the sandbox over HTTP and FerretDB. Steps share one platform and run in order.
 */
describe('clone lifecycle', () => {
  const h = new PlatformHarness();
  let bob: { id: number };
  let carol: { id: number };
  let bobBot: { id: number; token: string; username: string };
  let bobCloneId: string;
  let carolBot: { id: number; token: string; username: string };
  let carolCloneId: string;

  const say = async (userId: number, botRef: number, text: string, expect: RegExp, timeoutMs = 20_000) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, botRef, text);
    return h.sandbox.waitForBotMessage({ chatId: userId, botRef, after, timeoutMs, predicate: (m) => expect.test(String(m.text ?? '')) });
  };
  const workerOf = async (cloneId: string) => (await h.workers()).find((p) => p.name === `clone-${cloneId}`);

  beforeAll(async () => {
    await h.start({ CLONES_PER_OWNER: '2' });
    bob = h.sandbox.createUser({ firstName: 'Bob', username: 'bob' });
    carol = h.sandbox.createUser({ firstName: 'Carol' });
    bobBot = h.sandbox.createBot({ username: 'bob_files_bot' });
  }, 60_000);
  afterAll(async () => {
    await h.close();
  }, 60_000);

  it('creates a clone from a pasted token, deletes the token message, and the clone answers /start', async () => {
    await say(bob.id, h.motherBot.id, '/new', /Send me the token/);
    const after = h.sandbox.cursor();
    const tokenMessage = await h.sandbox.sendText(bob.id, h.motherBot.id, bobBot.token);
    await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: h.motherBot.id, after, predicate: (m) => /is now your clone/.test(String(m.text)) });
    const entry = h.sandbox.transcript(bob.id, h.motherBot.id).find((e) => e.message.message_id === tokenMessage.message_id);
    expect(entry?.deleted).toBe(true);
    await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: h.motherBot.id, after, timeoutMs: 30_000, predicate: (m) => /is live/.test(String(m.text)) });
    const clone = await h.mother!.models.Clone.findOne({ botId: bobBot.id }).lean();
    expect(clone?.ownerId).toBe(bob.id);
    expect(JSON.stringify(clone)).not.toContain(bobBot.token);
    bobCloneId = clone!._id;
    const welcome = await say(bob.id, bobBot.id, '/start', /Hello Bob/);
    expect(welcome.text).toContain('Hello Bob');
  }, 60_000);

  it('refuses an invalid token, a duplicate bot and an owner over the limit, storing nothing', async () => {
    const clones = () => h.mother!.models.Clone.countDocuments({});
    const before = await clones();
    await say(bob.id, h.motherBot.id, '/new', /Send me the token/);
    await say(bob.id, h.motherBot.id, '123456789:AAthisTokenDoesNotExistAnywhere_12345', /not valid/);
    await say(bob.id, h.motherBot.id, 'hello there', /does not look like a bot token/);
    await say(bob.id, h.motherBot.id, bobBot.token, /already one of your clones/);
    expect(await clones()).toBe(before);

    const second = h.sandbox.createBot({ username: 'bob_second_bot' });
    await say(bob.id, h.motherBot.id, second.token, /is now your clone/);
    await say(bob.id, h.motherBot.id, '/new', /Send me the token/);
    const third = h.sandbox.createBot({ username: 'bob_third_bot' });
    await say(bob.id, h.motherBot.id, third.token, /at most allowed|the most allowed/);
    expect(await clones()).toBe(before + 1);
    expect(await h.mother!.models.Clone.countDocuments({ botId: third.id })).toBe(0);
  }, 60_000);

  it('creates a clone through the managed-bot path, from the one-tap button of /new', async () => {
    await say(carol.id, h.motherBot.id, '/new', /Or tap the button/);
    const cancelled = h.sandbox.cursor();
    await h.sandbox.pressKeyboardButton(carol.id, h.motherBot.id, 'Cancel');
    await h.sandbox.waitForBotMessage({ chatId: carol.id, botRef: h.motherBot.id, after: cancelled, predicate: (m) => m.text === 'Cancelled.' });
    await say(carol.id, h.motherBot.id, '/new', /Or tap the button/);
    const after = h.sandbox.cursor();
    await h.sandbox.pressKeyboardButton(carol.id, h.motherBot.id, '✨ Create a new bot for me');
    await h.sandbox.waitForBotMessage({ chatId: carol.id, botRef: h.motherBot.id, after, predicate: (m) => /was created and is now your clone/.test(String(m.text)) });
    const bot = h.sandbox.bot(`clone_${carol.id}_bot`);
    carolBot = { id: bot.id, token: bot.token, username: bot.username };
    await h.sandbox.waitForBotMessage({ chatId: carol.id, botRef: h.motherBot.id, after, timeoutMs: 30_000, predicate: (m) => /is live/.test(String(m.text)) });
    const clone = await h.mother!.models.Clone.findOne({ botId: bot.id }).lean();
    expect(clone?.source).toBe('managed');
    carolCloneId = clone!._id;
    await say(carol.id, bot.id, '/start', /Hello Carol/);
  }, 60_000);

  it('rotates a managed clone\'s token through Telegram from the clone card', async () => {
    const oldToken = h.sandbox.bot(carolBot.id).token;
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(carol.id, h.motherBot.id, '/clones');
    const list = await h.sandbox.waitForBotMessage({ chatId: carol.id, botRef: h.motherBot.id, after });
    const pressed = await h.sandbox.pressButton(carol.id, h.motherBot.id, list.message_id, `c:tok:${carolCloneId}`, { force: true });
    await pressed.answer;
    const newToken = await h.until('token rotated', () => {
      const current = h.sandbox.bot(carolBot.id).token;
      return current !== oldToken ? current : undefined;
    });
    carolBot = { ...carolBot, token: newToken };
    await h.until('worker restarted with the new token', async () => {
      const clone = await h.mother!.models.Clone.findById(carolCloneId).lean();
      const p = await workerOf(carolCloneId);
      return clone?.status === 'running' && p && p.startedAt >= (clone.tokenUpdatedAt?.getTime() ?? 0);
    }, 30_000);
    await say(carol.id, carolBot.id, '/start', /Hello Carol/, 20_000);
    const audit = await h.mother!.models.AuditEvent.countDocuments({ targetId: carolCloneId, action: 'clone.token.replace' });
    expect(audit).toBe(1);
  }, 60_000);

  it('adopts running workers after a mother restart: same pid, no restart', async () => {
    const before = await workerOf(bobCloneId);
    expect(before?.status).toBe('online');
    await h.stopMother();
    await h.startMother();
    await h.mother!.manager.reconcileNow();
    const after = await workerOf(bobCloneId);
    expect(after?.pid).toBe(before?.pid);
    expect(after?.restarts).toBe(before?.restarts);
    expect((await h.workers()).filter((p) => p.name === `clone-${bobCloneId}`)).toHaveLength(1);
    await say(bob.id, bobBot.id, '/start', /Hello Bob/);
  }, 60_000);

  it('brings a kill -9ed worker back', async () => {
    const before = (await workerOf(bobCloneId))!;
    process.kill(before.pid, 'SIGKILL');
    const back = await h.until('worker back with a new pid', async () => {
      const p = await workerOf(bobCloneId);
      return p && p.status === 'online' && p.pid !== before.pid ? p : undefined;
    });
    expect(back.restarts).toBeGreaterThan(before.restarts);
    await say(bob.id, bobBot.id, '/start', /Hello Bob/, 30_000);
  }, 60_000);

  it('marks a clone whose token was revoked, tells the owner, and does not restart it', async () => {
    const after = h.sandbox.cursor();
    h.sandbox.revokeToken(carolBot.id);
    await h.sandbox.waitForBotMessage({ chatId: carol.id, botRef: h.motherBot.id, after, timeoutMs: 30_000, predicate: (m) => /no longer accepts its token/.test(String(m.text)) });
    const clone = await h.mother!.models.Clone.findById(carolCloneId).lean();
    expect(clone?.status).toBe('token_invalid');
    expect(clone?.tokenProblem).toBe('revoked');
    const p = await workerOf(carolCloneId);
    expect(p?.status).not.toBe('online');
    expect(p?.exitCode).toBe(WorkerExitCode.TokenInvalid);
    await h.mother!.manager.reconcileNow();
    expect((await workerOf(carolCloneId))?.restarts).toBe(p?.restarts);
  }, 60_000);

  it('keeps every secret out of worker environments, PM2 and the logs', async () => {
    const secrets = [bobBot.token, carolBot.token, h.motherBot.token, MASTER_KEY];
    const pm2Bin = join(require.resolve('pm2/package.json'), '..', 'bin', 'pm2');
    const env = { ...process.env, PM2_HOME: h.pm2Home };
    const online = (await h.workers()).filter((p) => p.status === 'online');
    expect(online.length).toBeGreaterThan(0);
    for (const p of online) {
      const environ = readFileSync(`/proc/${p.pid}/environ`, 'utf8');
      const cmdline = readFileSync(`/proc/${p.pid}/cmdline`, 'utf8');
      for (const s of secrets) {
        expect(environ).not.toContain(s);
        expect(cmdline).not.toContain(s);
      }
      // (the daemon passes its own environment on; the mother scrubbed these before spawning it)
      expect(environ).not.toMatch(/(^|\0)(MASTER_KEY|BOT_TOKEN|MONGODB_URI)=/);
    }
    const jlist = execFileSync(process.execPath, [pm2Bin, 'jlist'], { env }).toString();
    const envDump = execFileSync(process.execPath, [pm2Bin, 'env', String(online[0]!.pmId)], { env }).toString();
    execFileSync(process.execPath, [pm2Bin, 'save', '--force'], { env });
    const dump = readFileSync(join(h.pm2Home, 'dump.pm2'), 'utf8');
    expect(jlist).toContain(`clone-${bobCloneId}`);
    expect(dump).toContain(`clone-${bobCloneId}`);
    for (const s of secrets) {
      expect(jlist).not.toContain(s);
      expect(envDump).not.toContain(s);
      expect(dump).not.toContain(s);
    }
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const path = join(dir, f);
        if (statSync(path).isDirectory()) walk(path);
        else files.push(path);
      }
    };
    walk(h.config.logDir);
    walk(join(h.pm2Home, 'logs'));
    expect(files.length).toBeGreaterThan(2);
    for (const f of files.filter((x) => !x.endsWith('.gz'))) {
      const text = readFileSync(f, 'utf8');
      for (const s of secrets) expect(text).not.toContain(s);
    }
  }, 60_000);

  it('stops the worker when the subscription has expired', async () => {
    const sub = await h.mother!.models.Subscription.findById(bobCloneId).lean();
    h.now = new Date(sub!.expiresAt.getTime() + 60_000);
    h.useFakeClock = true;
    await h.mother!.manager.reconcileNow();
    await h.until('worker stopped', async () => (await workerOf(bobCloneId))?.status === 'stopped');
    await h.mother!.manager.reconcileNow();
    const clone = await h.mother!.models.Clone.findById(bobCloneId).lean();
    expect(clone?.status).toBe('stopped');
    expect(clone?.statusReason).toBe('expired');
  }, 60_000);
});

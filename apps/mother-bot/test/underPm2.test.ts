import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import { DAY_MS, connectDatabase, newCloneId, platformModels, type PlatformModels } from '@motherbot/core';
import { Pm2Host, REPO } from './pm2Host';

/**
 * The mother as operators run it: `pm2 start ecosystem.config.js` (mother and embedded database
 * under a real PM2 daemon, the built dist/), the Telegram sandbox as Telegram. Steps share one
 * host and run in order: clones created one after the other come up once (no restart by
 * anybody); a deploy's reload (scripts/reload-mother.sh) under a stream of messages restarts
 * the mother alone and every message is answered exactly once; `pm2 stop motherbot` while a
 * reminder is held long at Telegram lets the mother send it and exit cleanly, not killed.
 */
describe('the mother under PM2, from ecosystem.config.js', () => {
  const host = new Pm2Host();
  let db: Connection;
  let models: PlatformModels;
  let owner: { id: number };
  const clones: Array<{ cloneId: string; bot: { id: number; token: string } }> = [];
  const mother = (): number => host.motherBot.id;

  const say = async (userId: number, botRef: number, text: string, expected: RegExp, timeoutMs = 30_000) => {
    const after = host.sandbox.cursor();
    await host.sandbox.sendText(userId, botRef, text);
    return host.sandbox.waitForBotMessage({ chatId: userId, botRef, after, timeoutMs, predicate: (m) => expected.test(String(m.text ?? '')) });
  };

  beforeAll(async () => {
    await host.start({ RECONCILE_INTERVAL_MS: '1000' });
    db = await connectDatabase(`mongodb://127.0.0.1:${host.dbPort}/`, { dbName: 'motherbot', maxPoolSize: 2 });
    models = platformModels(db);
    owner = host.sandbox.createUser({ firstName: 'Olga' });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
    await host.close();
  }, 60_000);

  it('starts the database and the mother, each once', async () => {
    const names = (await host.processes()).map((p) => `${p.name}:${p.status}`).sort();
    expect(names).toEqual(['motherbot-db:online', 'motherbot:online']);
  });

  it('brings each new clone up once: never restarted, in namespace clones, and it answers', async () => {
    for (const username of ['olga_one_bot', 'olga_two_bot']) {
      const bot = host.sandbox.createBot({ username });
      await say(owner.id, mother(), '/new', /Send me the token/);
      const after = host.sandbox.cursor();
      await host.sandbox.sendText(owner.id, mother(), bot.token);
      await host.sandbox.waitForBotMessage({ chatId: owner.id, botRef: mother(), after, timeoutMs: 60_000, predicate: (m) => /is live/.test(String(m.text)) });
      const clone = await models.Clone.findOne({ botId: bot.id }).lean();
      clones.push({ cloneId: clone!._id, bot });
      await say(owner.id, bot.id, '/start', /Hello Olga/);
    }
    // The restart came with the next reconcile pass: let three more passes look at both clones.
    const observed = async () => Math.min(...(await models.Clone.find({}, { runtime: 1 }).lean()).map((c) => c.runtime?.observedAt?.getTime() ?? 0));
    const since = Date.now();
    for (let pass = 0; pass < 3; pass += 1) {
      const before = await observed();
      await host.until('a reconcile pass', async () => (await observed()) > Math.max(before, since));
    }
    for (const { cloneId, bot } of clones) {
      const worker = await host.process(`clone-${cloneId}`);
      expect(worker).toMatchObject({ namespace: 'clones', status: 'online', restarts: 0 });
      await say(owner.id, bot.id, '/start', /Hello Olga/);
    }
    // Nothing of the mother's environment reached a worker: only what the manager gave it.
    const list = JSON.parse(await host.pm2('jlist')) as Array<{ name: string; pm2_env: { env: Record<string, string> } }>;
    const workerEnv = list.find((p) => p.name === `clone-${clones[0]!.cloneId}`)!.pm2_env.env;
    expect(workerEnv.HOME).toBeUndefined();
  }, 180_000);

  it('reloads only the mother on deploy, under traffic: every message answered exactly once, database and clones keep their pid', async () => {
    const before = await host.processes();
    const pidOf = (list: typeof before, name: string) => list.find((p) => p.name === name)?.pid;
    const motherPid = pidOf(before, 'motherbot');
    const keep = ['motherbot-db', ...clones.map((c) => `clone-${c.cloneId}`)];

    const reload = new Promise<void>((resolve, reject) => {
      const child = spawn('bash', [join(REPO, 'scripts', 'reload-mother.sh'), host.ecosystem], { cwd: REPO, env: host.shellEnv(), stdio: 'ignore' });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`reload-mother.sh exited with ${code}`))));
    });
    let reloading = true;
    void reload.finally(() => (reloading = false)).catch(() => undefined);

    // One new user a message every 100 ms, from before the reload until a second after it.
    const sent: Array<{ userId: number; at: number; answer: Promise<number> }> = [];
    let after = 0;
    while (reloading || after < 10) {
      if (!reloading) after += 1;
      const user = host.sandbox.createUser({ firstName: `Traffic ${sent.length}` });
      const cursor = host.sandbox.cursor();
      await host.sandbox.sendText(user.id, mother(), '/help');
      const answer = host.sandbox
        .waitForBotMessage({ chatId: user.id, botRef: mother(), after: cursor, timeoutMs: 90_000, predicate: (m) => /Commands:/.test(String(m.text)) })
        .then(() => Date.now());
      sent.push({ userId: user.id, at: Date.now(), answer });
      await new Promise((r) => setTimeout(r, 100));
    }
    await reload;
    const answeredAt = await Promise.all(sent.map((s) => s.answer));
    // A duplicate answer would come from the new mother re-reading an update: give it time to.
    await say(owner.id, mother(), '/help', /Commands:/);
    for (const s of sent) expect(host.sandbox.messageCount(mother(), s.userId)).toBe(1);

    const latencies = sent.map((s, i) => answeredAt[i]! - s.at);
    process.stdout.write(`deploy reload under traffic: ${sent.length} messages, longest wait for an answer ${Math.max(...latencies)} ms\n`);

    const now = await host.processes();
    for (const name of keep) expect({ name, pid: pidOf(now, name) }).toEqual({ name, pid: pidOf(before, name) });
    for (const name of keep) expect(now.find((p) => p.name === name)?.restarts).toBe(0);
    expect(pidOf(now, 'motherbot')).not.toBe(motherPid);
    expect(now.find((p) => p.name === 'motherbot')?.status).toBe('online');
  }, 180_000);

  it('gives the mother the time its shutdown needs: on `pm2 stop` a reminder held 16 s at Telegram is sent, and the mother exits by itself, not killed', async () => {
    // An owner with an open chat and a clone (stopped by its owner: no worker) whose 1-day
    // reminder is due; its subscription began long ago, so the reminder is news.
    const user = host.sandbox.createUser({ firstName: 'Slow' });
    await say(user.id, mother(), '/help', /Commands:/);
    const cloneId = newCloneId();
    await models.Clone.create({ _id: cloneId, ownerId: user.id, botId: 990_000_001, botUsername: 'slow_files_bot', source: 'token', desiredRunning: false });
    const now = Date.now();
    await models.Subscription.collection.insertOne({
      _id: cloneId, ownerId: user.id, expiresAt: new Date(now + DAY_MS - 60_000), isTrial: false, planCode: null,
      appliedCharges: [], remindersSent: [3], createdAt: new Date(now - 20 * DAY_MS), updatedAt: new Date(now - 20 * DAY_MS),
    } as never);
    // The mother sends due reminders when it starts: the send waits at "Telegram" until released.
    host.sandbox.injectFault({ botRef: mother(), method: 'sendMessage', kind: 'hold', count: 1 });
    const cursor = host.sandbox.cursor();
    await host.pm2('restart', 'motherbot');
    await host.until('the reminder held', () => host.sandbox.heldCalls().some((c) => c.botId === mother() && c.method.toLowerCase() === 'sendmessage'));
    const motherPm = (await host.process('motherbot'))!;
    const stopped = host.pm2('stop', 'motherbot');
    // Its stop waits for the reminder in flight: 16 s after the signal, more than PM2 gave the
    // mother before (kill_timeout 15 s) and less than the mother's own deadline (20 s).
    await new Promise((r) => setTimeout(r, 16_000));
    host.sandbox.releaseHeld({ botRef: mother() });
    await stopped;
    const exits = host.daemonLog().split('\n').filter((l) => l.includes(`App [motherbot:${motherPm.pmId}] exited`));
    expect(exits.at(-1)).toMatch(/exited with code \[0\] via signal \[SIGINT\]/);
    expect((await host.process('motherbot'))?.status).toBe('stopped');
    const reminder = await host.sandbox.waitForBotMessage({ chatId: user.id, botRef: mother(), after: cursor, predicate: (m) => /subscription of/.test(String(m.text)) });
    expect(reminder.text).toMatch(/ends tomorrow/);
  }, 120_000);
});

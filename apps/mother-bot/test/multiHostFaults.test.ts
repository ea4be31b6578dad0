import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { connectDatabase, loadConfig, platformModels, type PlacementDoc, type PlatformModels } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { TcpProxy } from '@test-support/tcpProxy';
import { waitUntil } from '@test-support/waitUntil';
import type { Connection } from 'mongoose';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { HostProcess, hostsCli, testPlatformEnv } from './hostProcess';

/**
 * Several hosts under faults, the long version (`npm run test:faults`; the short one is
 * multiHost.test.ts in `npm test`). Three hosts, each the real mother with its own PM2 daemon,
 * each reaching the one database through its own TCP proxy (so a test can cut one host off, or
 * all of them), clones under steady traffic from the sandbox. After each fault: every clone
 * answers again, every message had exactly one answer, and no token was ever polled by two
 * processes at once (the sandbox counts overlapping getUpdates per token).
 */
const LONG = process.env.FAULTS_LONG === '1';
const CLONES = Number(process.env.MULTIHOST_CLONES ?? 30);
const MASTER_KEY = 'multihost-faults-master-key-0123456789abcdefghij';
const maybe = LONG ? describe : describe.skip;

maybe('several hosts under faults (long)', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const dbName = uniqueDbName('mhf');
  let conn: Connection;
  let models: PlatformModels;
  const proxies = new Map<string, TcpProxy>();
  const hosts = new Map<string, HostProcess>();
  const clones: Array<{ id: number; username: string }> = [];
  const users: Array<{ id: number }> = [];
  let prober: { id: number };
  let motherBot: { id: number };
  let env: Record<string, string> = {};
  let running = true;
  let traffic: Promise<void> = Promise.resolve();
  const figures: Array<Record<string, unknown>> = [];

  const hostEnv = (hostId: string): Record<string, string> => ({ ...env, MONGODB_URI: `mongodb://127.0.0.1:${proxies.get(hostId)!.port}/` });
  const startHost = (hostId: string): HostProcess => {
    const host = new HostProcess(hostId, hostEnv(hostId));
    hosts.set(hostId, host);
    host.start();
    return host;
  };

  /** Each user writes /start to every clone every `periodMs` (under the per-user rate limit). */
  const generate = async (periodMs: number): Promise<void> => {
    while (running) {
      await Promise.all(users.flatMap((u) => clones.map((c) => sandbox.sendText(u.id, c.id, '/start').catch(() => undefined))));
      await new Promise((r) => setTimeout(r, periodMs));
    }
  };

  /** Per chat: user messages against clone replies. */
  const ledger = () => {
    let asked = 0;
    let twice = 0;
    let missing = 0;
    const extraReplies: string[] = [];
    for (const u of users) {
      for (const c of clones) {
        const t = sandbox.transcript(u.id, c.id);
        const q = t.filter((e) => e.direction === 'user').length;
        const bot = t.filter((e) => e.direction === 'bot');
        asked += q;
        if (bot.length > q) {
          twice += bot.length - q;
          // What the extra replies were, to tell a redelivered update from a second kind of answer.
          extraReplies.push(`@${c.username}: ${bot.map((e) => String((e.message as { text?: string }).text ?? '').slice(0, 40)).join(' | ')}`);
        }
        if (q > bot.length) missing += q - bot.length;
      }
    }
    return { asked, twice, missing, ...(extraReplies.length > 0 ? { extraReplies } : {}) };
  };

  const overlapping = (): number => Object.values(sandbox.stats().overlappingPolls).reduce((a, b) => a + b, 0);

  /** Milliseconds until every clone answered a fresh /start of the prober. */
  const allAnswer = async (timeoutMs = 120_000): Promise<number> => {
    const started = Date.now();
    await Promise.all(
      clones.map(async (c) => {
        for (;;) {
          const after = sandbox.cursor();
          await sandbox.sendText(prober.id, c.id, '/start');
          try {
            await sandbox.waitForBotMessage({ chatId: prober.id, botRef: c.id, after, timeoutMs: 3000 });
            return;
          } catch {
            if (Date.now() - started > timeoutMs) throw new Error(`@${c.username} did not answer within ${timeoutMs} ms`);
          }
        }
      }),
    );
    return Date.now() - started;
  };

  /** Injects a fault, waits for every clone to answer, lets the backlog drain, and checks the ledger. */
  const measure = async (fault: string, inject: () => Promise<Record<string, unknown> | void>): Promise<void> => {
    const started = Date.now();
    const extra = (await inject()) ?? {};
    const recoveryMs = await allAnswer();
    // Replies to messages queued during the fault: the ledger settles.
    await waitUntil(`${fault}: every message answered`, () => ledger().missing === 0, 60_000).catch(() => undefined);
    const placed = await models.Placement.find({}).lean<PlacementDoc[]>();
    const perHost = placed.reduce<Record<string, number>>((m, p) => ({ ...m, [p.hostId]: (m[p.hostId] ?? 0) + 1 }), {});
    const figure = { fault, recoverySecs: Math.round((Date.now() - started) / 100) / 10, probeMs: recoveryMs, ...ledger(), overlappingPolls: overlapping(), ...extra, perHost };
    figures.push(figure);
    expect(figure).toMatchObject({ twice: 0, missing: 0, overlappingPolls: 0 });
  };

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    const mother = sandbox.createBot({ username: 'mother_mhf_bot', canManageBots: true });
    motherBot = mother;
    const admin = sandbox.createUser({ firstName: 'Ada' });
    const dbPort = Number(new URL(testMongoUri()).port);
    env = testPlatformEnv({ apiRoot: sandbox.apiRoot, motherToken: mother.token, masterKey: MASTER_KEY, mongoUri: testMongoUri(), dbName, adminId: admin.id }, { RECONCILE_INTERVAL_MS: '1000', HEARTBEAT_INTERVAL_MS: '2000', CLONE_DB_POOL_SIZE: '1' });
    for (const id of ['h1', 'h2', 'h3']) {
      const proxy = new TcpProxy(dbPort);
      await proxy.start();
      proxies.set(id, proxy);
    }
    conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 2 });
    models = platformModels(conn);
    // h1 first: it takes the mother-bot and coordinator leases, so killing it kills the leader.
    startHost('h1');
    await waitUntil('h1 beating', async () => (await models.Host.countDocuments({ _id: 'h1' })) === 1, 60_000);
    startHost('h2');
    startHost('h3');
    await waitUntil('three hosts beating', async () => (await models.Host.countDocuments({})) === 3, 60_000);
    const config = loadConfig({ envFile: null, env: { ...env, CLONES_PER_OWNER: String(CLONES) } });
    const onboarding = new CloneOnboarding({ config, models, masterKey: MASTER_KEY, identify: telegramBotIdentifier(sandbox.apiRoot), onChange: () => undefined });
    const owner = sandbox.createUser({ firstName: 'Olga' });
    for (let i = 0; i < CLONES; i++) {
      const bot = sandbox.createBot({ username: `mhf_clone_${i}_bot` });
      await onboarding.createClone({ ownerId: owner.id, token: bot.token, source: 'token' });
      clones.push({ id: bot.id, username: bot.username });
    }
    users.push(sandbox.createUser({ firstName: 'Uma' }));
    prober = sandbox.createUser({ firstName: 'Probe' });
    await allAnswer(240_000);
    traffic = generate(5_000);
  }, 420_000);

  afterAll(async () => {
    running = false;
    await traffic.catch(() => undefined);
    process.stdout.write(`several hosts under faults (${CLONES} clones, 3 hosts):\n${figures.map((f) => JSON.stringify(f)).join('\n')}\n`);
    // FAULTS_KEEP=1 keeps each host's output for a post-mortem.
    if (process.env.FAULTS_KEEP === '1') for (const h of hosts.values()) writeFileSync(join(tmpdir(), `mhf-${h.hostId}.log`), h.output);
    await Promise.all([...hosts.values()].map((h) => h.stop()));
    await Promise.all([...proxies.values()].map((p) => p.stop()));
    await sandbox.stop();
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
  }, 180_000);

  it('spreads the clones over the three hosts', async () => {
    const placements = await models.Placement.find({}).lean<PlacementDoc[]>();
    const perHost = placements.reduce<Record<string, number>>((m, p) => ({ ...m, [p.hostId]: (m[p.hostId] ?? 0) + 1 }), {});
    expect(Object.keys(perHost).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(Math.max(...Object.values(perHost)) - Math.min(...Object.values(perHost))).toBeLessThanOrEqual(1);
  });

  it('kill -9 of the leading host (mother and PM2 daemon): its clones and the mother bot answer again from the others', async () => {
    await measure('kill -9 of h1 (leader) with its PM2 daemon', async () => {
      const moved = await models.Placement.countDocuments({ hostId: 'h1' });
      hosts.get('h1')!.crash();
      const t0 = Date.now();
      await waitUntil('the mother bot answers from another host', async () => {
        const after = sandbox.cursor();
        await sandbox.sendText(prober.id, motherBot.id, '/start');
        return sandbox.waitForBotMessage({ chatId: prober.id, botRef: motherBot.id, after, timeoutMs: 2000 }).then(() => true, () => false);
      }, 90_000);
      return { clonesMoved: moved, motherBotBackSecs: Math.round((Date.now() - t0) / 100) / 10 };
    });
  }, 300_000);

  it('the killed host comes back and takes clones again', async () => {
    await hosts.get('h1')!.stop();
    await measure('h1 restarts and rejoins', async () => {
      startHost('h1');
      await waitUntil('h1 takes clones again', async () => (await models.Placement.countDocuments({ hostId: 'h1' })) >= Math.floor(CLONES / 3) - 1, 180_000);
    });
  }, 300_000);

  it('the database away for 20 s: every host fences itself, nobody takes over, all answer after', async () => {
    await measure('database away 20 s', async () => {
      for (const p of proxies.values()) p.cut();
      await new Promise((r) => setTimeout(r, 20_000));
      const stillOnline = (await Promise.all([...hosts.values()].map((h) => h.workers()))).flat().filter((w) => w.status === 'online').length;
      for (const p of proxies.values()) p.heal();
      return { workersOnlineAfter20s: stillOnline };
    });
  }, 300_000);

  it('a host cut off from the database fences itself before another host starts its clones', async () => {
    await measure('h2 partitioned from the database', async () => {
      const h2 = hosts.get('h2')!;
      const mine = (await models.Placement.find({ hostId: 'h2' }).lean<PlacementDoc[]>()).map((p) => p._id);
      proxies.get('h2')!.cut();
      const t0 = Date.now();
      await waitUntil('h2 stopped its workers', async () => (await h2.workers()).every((w) => w.status !== 'online'), 60_000);
      const fencedSecs = Math.round((Date.now() - t0) / 100) / 10;
      await waitUntil('h2 clones placed elsewhere', async () => (await models.Placement.countDocuments({ _id: { $in: mine }, hostId: 'h2' })) === 0, 90_000);
      const movedSecs = Math.round((Date.now() - t0) / 100) / 10;
      return { clonesMoved: mine.length, h2FencedSecs: fencedSecs, movedAwaySecs: movedSecs };
    });
    proxies.get('h2')!.heal();
  }, 300_000);

  it('a host drained under traffic: its clones move, none lost or answered twice', async () => {
    await measure('h3 drained', async () => {
      const t0 = Date.now();
      hostsCli({ ...env }, 'drain', 'h3');
      await waitUntil('h3 drained', () => /h3 +drained/.test(hostsCli({ ...env })), 180_000);
      return { drainSecs: Math.round((Date.now() - t0) / 100) / 10 };
    });
  }, 300_000);
});

import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { connectDatabase, findFreePort, loadConfig, platformModels, type PlacementDoc, type PlatformModels } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import type { Connection } from 'mongoose';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { answersStart, HostProcess as Host, testPlatformEnv } from './hostProcess';

const MASTER_KEY = 'multihost-webhook-master-key-0123456789abcdefgh';

/**
 * Several hosts in webhook mode: each host has its own ingress (its own WEBHOOK_BASE_URL); a
 * clone's webhook points at the host it is placed on, the mother bot's at the holder of the
 * mother-bot lease. When that host dies, the survivor takes the mother bot and the clones, and
 * every webhook follows them; no bot ever polls.
 */
describe('several hosts in webhook mode: each webhook points at the host that runs the bot', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false }, webhookRetryMs: 300 });
  const dbName = uniqueDbName('mhw');
  let conn: Connection;
  let models: PlatformModels;
  const hosts = new Map<string, { host: Host; base: string }>();
  const cloneBots: Array<{ id: number; token: string; username: string }> = [];
  let user: { id: number };
  let motherBot: { id: number };

  const answers = (botId: number, timeoutMs?: number): Promise<boolean> => answersStart(sandbox, user.id, botId, timeoutMs);

  /** The host whose base URL a bot's webhook points at, or undefined. */
  const webhookHost = (botId: number): string | undefined => {
    const url = sandbox.webhookInfo(botId)?.url ?? '';
    return [...hosts].find(([, h]) => url.startsWith(`${h.base}/tg/`))?.[0];
  };

  const getUpdatesCalls = (): number => sandbox.stats().requests.byMethod.getUpdates ?? 0;

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    const mother = sandbox.createBot({ username: 'mother_mhw_bot', canManageBots: true });
    motherBot = mother;
    const admin = sandbox.createUser({ firstName: 'Ada' });
    user = sandbox.createUser({ firstName: 'Uma' });
    const env: Record<string, string> = testPlatformEnv({ apiRoot: sandbox.apiRoot, motherToken: mother.token, masterKey: MASTER_KEY, mongoUri: testMongoUri(), dbName, adminId: admin.id });
    conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 2 });
    models = platformModels(conn);
    for (const hostId of ['h1', 'h2']) {
      const port = await findFreePort();
      const base = `http://127.0.0.1:${port}`;
      const host = new Host(hostId, env);
      hosts.set(hostId, { host, base });
      // h1 first: it takes the mother-bot lease.
      host.start({ WEBHOOK_BASE_URL: base, WEBHOOK_PORT: String(port) });
      await waitUntil(`${hostId} beating`, async () => (await models.Host.countDocuments({ _id: hostId })) === 1, 60_000);
    }
    const config = loadConfig({ envFile: null, env: { ...env, CLONES_PER_OWNER: '10' } });
    const onboarding = new CloneOnboarding({ config, models, masterKey: MASTER_KEY, identify: telegramBotIdentifier(sandbox.apiRoot), onChange: () => undefined });
    const owner = sandbox.createUser({ firstName: 'Olga' });
    for (let i = 0; i < 4; i++) {
      const bot = sandbox.createBot({ username: `mhw_clone_${i}_bot` });
      await onboarding.createClone({ ownerId: owner.id, token: bot.token, source: 'token' });
      cloneBots.push(bot);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([...hosts.values()].map((h) => h.host.stop()));
    await sandbox.stop();
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
  }, 120_000);

  it("sets each clone's webhook to its host's ingress and the mother bot's to the lease holder's", async () => {
    for (const bot of cloneBots) await waitUntil(`@${bot.username} answers`, () => answers(bot.id), 90_000);
    await waitUntil('the mother bot answers', () => answers(motherBot.id), 60_000);
    const placements = await models.Placement.find({}).lean<PlacementDoc[]>();
    expect(new Set(placements.map((p) => p.hostId))).toEqual(new Set(['h1', 'h2']));
    const placedOn = new Map(placements.map((p) => [p._id, p.hostId]));
    const clones = await models.Clone.find({}).lean<Array<{ _id: string; botId: number }>>();
    for (const clone of clones) expect(webhookHost(clone.botId)).toBe(placedOn.get(clone._id));
    expect(webhookHost(motherBot.id)).toBe('h1');
    expect(getUpdatesCalls()).toBe(0);
  }, 150_000);

  it('after kill -9 of the host holding the mother bot, every webhook points at the survivor and every bot answers', async () => {
    hosts.get('h1')!.host.crash();
    for (const bot of cloneBots) await waitUntil(`@${bot.username} answers after the failover`, () => answers(bot.id, 3_000), 90_000);
    await waitUntil('the mother bot answers from h2', () => answers(motherBot.id, 3_000), 60_000);
    for (const bot of cloneBots) expect(webhookHost(bot.id)).toBe('h2');
    expect(webhookHost(motherBot.id)).toBe('h2');
    expect(getUpdatesCalls()).toBe(0);
  }, 180_000);
});

import { TelegramSandbox } from '@motherbot/telegram-sandbox';
import { connectDatabase, loadConfig, platformModels, type PlacementDoc, type PlatformModels } from '@motherbot/core';
import { testMongoUri, uniqueDbName } from '@test-support/database';
import { waitUntil } from '@test-support/waitUntil';
import type { Connection } from 'mongoose';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { answersStart, HostProcess as Host, hostsCli as runHostsCli, testPlatformEnv } from './hostProcess';

const MASTER_KEY = 'multihost-master-key-0123456789abcdefghijklmnop';
/**
 * Two hosts, each the real mother process with its own PM2 daemon, one database, clones under
 * traffic from the sandbox: placements spread over both; one host killed -9 with its daemon;
 * its clones answer again from the other, and no token is ever polled twice (the sandbox
 * counts overlapping getUpdates per token). The long version with three hosts, database loss,
 * a partition and a drain is in `npm run test:faults`.
 */
describe('several hosts: placement, failover, never two pollers', () => {
  const sandbox = new TelegramSandbox({ flood: { enabled: false } });
  const dbName = uniqueDbName('mh');
  let conn: Connection;
  let models: PlatformModels;
  let hosts: Host[] = [];
  let env: Record<string, string> = {};
  const hostsCli = (...args: string[]): string => runHostsCli(env, ...args);
  const cloneBots: Array<{ id: number; token: string; username: string }> = [];
  let user: { id: number };
  let motherBot: { id: number };
  let owner: { id: number };

  const answers = (botId: number, timeoutMs?: number): Promise<boolean> => answersStart(sandbox, user.id, botId, timeoutMs);

  beforeAll(async () => {
    await sandbox.start({ port: 0 });
    const mother = sandbox.createBot({ username: 'mother_mh_bot', canManageBots: true });
    motherBot = mother;
    const admin = sandbox.createUser({ firstName: 'Ada' });
    user = sandbox.createUser({ firstName: 'Uma' });
    env = testPlatformEnv({ apiRoot: sandbox.apiRoot, motherToken: mother.token, masterKey: MASTER_KEY, mongoUri: testMongoUri(), dbName, adminId: admin.id });
    conn = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 2 });
    models = platformModels(conn);
    hosts = [new Host('h1', env), new Host('h2', env)];
    // h1 first: it takes the mother-bot and coordinator leases, so the kill below takes the leader.
    hosts[0]!.start();
    await waitUntil('h1 beating', async () => (await models.Host.countDocuments({ _id: 'h1' })) === 1, 60_000);
    hosts[1]!.start();
    await waitUntil('both hosts beating', async () => (await models.Host.countDocuments({})) === 2, 60_000);
    const config = loadConfig({ envFile: null, env: { ...env, CLONES_PER_OWNER: '10' } });
    const onboarding = new CloneOnboarding({ config, models, masterKey: MASTER_KEY, identify: telegramBotIdentifier(sandbox.apiRoot), onChange: () => undefined });
    owner = sandbox.createUser({ firstName: 'Olga' });
    for (let i = 0; i < 4; i++) {
      const bot = sandbox.createBot({ username: `mh_clone_${i}_bot` });
      await onboarding.createClone({ ownerId: owner.id, token: bot.token, source: 'token' });
      cloneBots.push(bot);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
    await sandbox.stop();
    await conn.db!.dropDatabase().catch(() => undefined);
    await conn.close();
  }, 120_000);

  it('places the clones over both hosts, and every clone answers', async () => {
    for (const bot of cloneBots) await waitUntil(`@${bot.username} answers`, () => answers(bot.id), 90_000);
    const placements = await models.Placement.find({}).lean<PlacementDoc[]>();
    expect(placements).toHaveLength(4);
    expect(new Set(placements.map((p) => p.hostId))).toEqual(new Set(['h1', 'h2']));

    // Each host serves metrics per host; the first host holds both roles.
    const statusUrl = await waitUntil('h1 status server', () => /status page on (http:\/\/[0-9.:]+)\/status/.exec(hosts[0]!.output)?.[1], 30_000);
    const metrics = await waitUntil('host metrics', async () => {
      const text = await (await fetch(`${statusUrl}/metrics`)).text();
      return /motherbot_host_clones\{host="h2"\} 2/.test(text) ? text : undefined;
    }, 30_000);
    expect(metrics).toMatch(/motherbot_host_clones\{host="h1"\} 2/);
    expect(metrics).toMatch(/motherbot_host_role_status\{role="coordinator",status="held"\} 1/);
    expect(metrics).toMatch(/motherbot_host_status\{host="h1",status="active"\} 1/);

    // The owner's clone card says where the clone runs.
    const after = sandbox.cursor();
    await sandbox.sendText(owner.id, motherBot.id, '/clones');
    // The owner may also be told of a clone going live meanwhile: the list is the message with buttons.
    const list = await sandbox.waitForBotMessage({ chatId: owner.id, botRef: motherBot.id, after, timeoutMs: 30_000, predicate: (m) => Boolean((m.reply_markup as { inline_keyboard?: unknown[] } | undefined)?.inline_keyboard?.length) });
    const first = (list.reply_markup as { inline_keyboard: Array<Array<{ callback_data?: string }>> }).inline_keyboard[0]![0]!.callback_data!;
    await sandbox.pressButton(owner.id, motherBot.id, list.message_id, first);
    // The card replaces the list (an edit) or comes as a new message: either way it is in the transcript.
    const card = await waitUntil('the clone card', () =>
      sandbox
        .transcript(owner.id, motherBot.id)
        .map((e) => String((e.message as { text?: string }).text ?? ''))
        .find((text) => /Runs on host/.test(text)),
    30_000);
    expect(card).toMatch(/Runs on host: h[12]/);
  }, 120_000);

  it('a host killed with its PM2 daemon: its clones answer again from the other, never polled twice', async () => {
    const victim = hosts[0]!;
    const moved = (await models.Placement.find({ hostId: victim.hostId }).lean<PlacementDoc[]>()).map((p) => p._id);
    expect(moved.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    victim.crash();
    // The victim's workers outlive their PM2 daemon until their fence stops them, so a clone can still
    // answer from the dead host for a few seconds: answers count only once every clone is placed on the survivor.
    await waitUntil('every clone placed on the surviving host', async () => (await models.Placement.find({}).lean<PlacementDoc[]>()).every((p) => p.hostId === 'h2'), 90_000);
    for (const bot of cloneBots) await waitUntil(`@${bot.username} answers after the failover`, () => answers(bot.id, 3_000), 90_000);
    const failoverSecs = (Date.now() - killedAt) / 1000;
    process.stdout.write(`failover of ${moved.length} clones: all answering ${failoverSecs.toFixed(1)} s after kill -9\n`);
    const after = await models.Placement.find({}).lean<PlacementDoc[]>();
    expect(after.every((p) => p.hostId === 'h2')).toBe(true);
    expect(after.filter((p) => moved.includes(p._id)).every((p) => p.reason === 'failover' && p.epoch === 2)).toBe(true);
    // Whichever host polled the mother bot, the survivor does now.
    await waitUntil('the mother bot answers from the surviving host', () => answers(motherBot.id, 3_000), 60_000);
    const overlaps = sandbox.stats().overlappingPolls;
    expect(cloneBots.map((b) => overlaps[b.id] ?? 0)).toEqual([0, 0, 0, 0]);
    expect(overlaps[motherBot.id] ?? 0).toBe(0);
  }, 150_000);

  it('a host that joins takes clones; draining another moves them all there under traffic, none polled twice', async () => {
    const joined = new Host('h3', env);
    hosts.push(joined);
    joined.start();
    await waitUntil('h3 takes clones (rebalance)', async () => (await models.Placement.countDocuments({ hostId: 'h3' })) > 0, 60_000);
    expect(hostsCli('drain', 'h2')).toContain('h2 drains');
    await waitUntil('h2 drained', () => /h2 +drained, may be shut down/.test(hostsCli()), 90_000);
    for (const bot of cloneBots) await waitUntil(`@${bot.username} answers from h3`, () => answers(bot.id, 3_000), 60_000);
    const listing = hostsCli();
    expect(listing).toMatch(/h3 +active +4\/250 clones/);
    expect(JSON.parse(hostsCli('--json')).hosts.find((h: { hostId: string }) => h.hostId === 'h3').clones).toHaveLength(4);
    // Moved by a drain, released by h2 as it stopped them: h3 did not wait out the takeover delay.
    const releases = await models.PlacementRelease.countDocuments({});
    expect(releases).toBeGreaterThan(0);
    const overlaps = sandbox.stats().overlappingPolls;
    expect(cloneBots.map((b) => overlaps[b.id] ?? 0)).toEqual([0, 0, 0, 0]);
  }, 180_000);
});

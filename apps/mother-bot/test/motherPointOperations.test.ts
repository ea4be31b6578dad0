import mongoose, { type mongo } from 'mongoose';
import { DAY_MS, newCloneId, userKey } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { InProcessMother, SECURITY_MASTER_KEY, textOf } from './securityMother';

/** One filter the mother sent (null for an insert, which has none), as the driver saw it. */
interface Op {
  command: string;
  collection: string;
  filter: Record<string, unknown> | null;
}

/** Commands the driver may send for its own sake, not for a handler. */
const HOUSEKEEPING = new Set(['hello', 'ismaster', 'isMaster', 'ping', 'endSessions', 'saslStart', 'saslContinue', 'buildInfo']);

function opsOf(event: mongo.CommandStartedEvent): Op[] {
  const c = event.command as Record<string, unknown>;
  const name = event.commandName;
  const collection = String(c[name] ?? '');
  switch (name) {
    case 'find':
      return [{ command: name, collection, filter: c.filter as Record<string, unknown> }];
    case 'findAndModify':
      return [{ command: name, collection, filter: c.query as Record<string, unknown> }];
    case 'update':
      return (c.updates as Array<{ q: Record<string, unknown> }>).map((u) => ({ command: name, collection, filter: u.q }));
    case 'delete':
      return (c.deletes as Array<{ q: Record<string, unknown> }>).map((d) => ({ command: name, collection, filter: d.q }));
    case 'insert':
      return [{ command: name, collection, filter: null }];
    default:
      // count, aggregate, distinct, getMore (a cursor over many documents), …: never a point operation.
      return HOUSEKEEPING.has(name) ? [] : [{ command: name, collection, filter: { unexpected: name } }];
  }
}

/** `{_id: <string or ObjectId>}` and nothing else: the one filter FerretDB 1.24 pushes down to SQLite. */
const isPointFilter = (filter: Record<string, unknown>): boolean =>
  Object.keys(filter).length === 1 && (typeof filter._id === 'string' || filter._id instanceof mongoose.mongo.ObjectId);

const show = (ops: Op[]): string => ops.map((o) => `${o.command} ${o.collection} ${JSON.stringify(o.filter)}`).join('\n');

/**
 * The mother's update path stays flat as the platform grows. The platform database holds 10,000
 * users (bulk-inserted) and 300 clones of other owners; then a new user's /start, an owner's
 * "My clones", a clone card, stop/start/restart/renew, and a Stars payment (pre-checkout and
 * successful_payment) must send the database only inserts and operations whose filter is
 * exactly `{_id: <string|ObjectId>}`. Checked on the commands the driver sends (command
 * monitoring on the mother's own connection; no background job runs in this mother), and, on
 * FerretDB, with `explain` that each such filter is pushed down. No timing is asserted.
 */
describe("the mother's update path: point operations only, at 10,000 users", () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', CLONES_PER_OWNER: '3' }, undefined, { monitorCommands: true, backgroundJobs: false });
  const seen: Op[] = [];
  let recording = false;
  let owner: { id: number };
  let cloneIds: string[] = [];

  /** Runs `step` (which waits for the bot's last answer of the update) and returns every filter sent meanwhile. */
  const record = async (step: () => Promise<unknown>): Promise<Op[]> => {
    seen.length = 0;
    recording = true;
    try {
      await step();
    } finally {
      recording = false;
    }
    return [...seen];
  };

  const expectPointOnly = async (ops: Op[]): Promise<void> => {
    const offending = ops.filter((o) => o.filter !== null && !isPointFilter(o.filter));
    expect(show(offending)).toBe('');
    // On FerretDB, ask the server itself: each filter read by `_id` is pushed down to SQLite.
    for (const o of ops.filter((op) => op.filter !== null)) {
      const explained = (await m.connection.db!.command({ explain: { find: o.collection, filter: o.filter } })) as { filterPushdown?: boolean };
      if ('filterPushdown' in explained) expect({ op: show([o]), pushdown: explained.filterPushdown }).toEqual({ op: show([o]), pushdown: true });
    }
  };

  beforeAll(async () => {
    await m.start();
    m.connection.getClient().on('commandStarted', (event: mongo.CommandStartedEvent) => {
      if (recording) seen.push(...opsOf(event));
    });
    const now = new Date();
    for (let chunk = 0; chunk < 10; chunk += 1) {
      const users = Array.from({ length: 1_000 }, (_, i) => {
        const id = 7_000_000_000 + chunk * 1_000 + i;
        return { _id: userKey(id), firstName: `user${id}`, username: null, languageCode: 'en', banned: false, lastSeenAt: now, createdAt: now, updatedAt: now };
      });
      await m.models.User.collection.insertMany(users as never[], { ordered: false });
    }
    const others = Array.from({ length: 300 }, (_, i) => ({
      _id: newCloneId(),
      ownerId: 7_000_000_000 + i,
      botId: 8_000_000_000 + i,
      botUsername: `other_${i}_bot`,
      source: 'token',
      desiredRunning: true,
      status: 'running',
      deletedAt: null,
      createdAt: now,
      updatedAt: now,
    }));
    await m.models.Clone.collection.insertMany(others as never[]);
    expect(await m.models.User.estimatedDocumentCount()).toBeGreaterThanOrEqual(10_000);

    owner = m.sandbox.createUser({ firstName: 'Olga', username: 'olga' });
    for (const name of ['olga_one_bot', 'olga_two_bot']) {
      const bot = m.sandbox.createBot({ username: name });
      await m.say(owner.id, '/new', /Send me the token/);
      await m.say(owner.id, bot.token, /is now your clone/);
    }
    cloneIds = (await m.models.OwnerClones.findById(userKey(owner.id)).lean())!.cloneIds;
    expect(cloneIds).toHaveLength(2);
  }, 120_000);

  afterAll(async () => {
    await m.close();
  }, 60_000);

  it("a new user's /start: the user's upsert and the conversation reset, both by _id", async () => {
    const newcomer = m.sandbox.createUser({ firstName: 'Nina' });
    const ops = await record(() => m.say(newcomer.id, '/start', /I run your own copy/));
    await expectPointOnly(ops);
    expect(ops).toEqual(
      expect.arrayContaining([
        { command: 'findAndModify', collection: 'users', filter: { _id: userKey(newcomer.id) } },
        { command: 'delete', collection: 'conversations', filter: { _id: `mother:${newcomer.id}` } },
      ]),
    );
    expect((await m.models.User.findById(userKey(newcomer.id)).lean())?.firstName).toBe('Nina');
  });

  it('"My clones": the owner\'s list, then each clone, its subscription and the owner, each by _id', async () => {
    const ops = await record(() => m.say(owner.id, '/clones', /Your clones \(2\)/));
    await expectPointOnly(ops);
    const reads = ops.map((o) => `${o.collection} ${String(o.filter?._id)}`).sort();
    expect(reads).toEqual(
      [`owner_clones ${userKey(owner.id)}`, `users ${userKey(owner.id)}`, ...cloneIds.flatMap((id) => [`clones ${id}`, `subscriptions ${id}`])].sort(),
    );
  });

  it("a clone card and the owner's stop, start, restart and renew", async () => {
    const [id] = cloneIds as [string];
    const steps: Array<[string, RegExp]> = [
      [cb.owner('card', id), /Status:/],
      [cb.owner('stop', id), /Stop requested/],
      [cb.owner('start', id), /Start requested/],
      [cb.owner('rst', id), /Restart requested/],
      [cb.owner('renew', id), /Pick a plan/],
    ];
    await m.say(owner.id, '/clones', /Your clones/);
    for (const [data, expected] of steps) {
      const ops = await record(() => m.press(owner.id, data, expected));
      await expectPointOnly(ops);
      expect(ops.filter((o) => o.collection === 'clones').length).toBeGreaterThan(0);
    }
    expect((await m.models.Clone.findById(id).lean())?.restartRequestedAt).toBeInstanceOf(Date);
  });

  it('a Stars payment: invoice, pre-checkout and successful_payment', async () => {
    const [id] = cloneIds as [string];
    const before = (await m.models.Subscription.findById(id).lean())!.expiresAt;
    await m.say(owner.id, '/help', /Commands/);
    const invoiceOps = await record(() => m.press(owner.id, `p:${id}:m1`, (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice)));
    await expectPointOnly(invoiceOps);
    const invoice = m.sandbox.transcript(owner.id, m.id).filter((e) => e.direction === 'bot' && (e.message as { invoice?: unknown }).invoice).at(-1)!;
    const ops = await record(async () => {
      const paid = await m.sandbox.payInvoice(owner.id, m.id, invoice.messageId);
      expect(paid.status).toBe('paid');
      await m.sandbox.waitForBotMessage({ chatId: owner.id, botRef: m.id, predicate: (msg) => /Payment received/.test(textOf(msg)) });
    });
    await expectPointOnly(ops);
    expect(ops.map((o) => `${o.command} ${o.collection}`)).toEqual(expect.arrayContaining(['insert payments', 'update subscriptions']));
    expect((await m.models.Subscription.findById(id).lean())!.expiresAt.getTime()).toBe(before.getTime() + 30 * DAY_MS);
  });

  it("a referral: the link's /start, the referred owner's payment that credits it, /referral and spending the reward", async () => {
    const rita = m.sandbox.createUser({ firstName: 'Rita' });
    await expectPointOnly(await record(() => m.say(rita.id, `/start ref-${owner.id.toString(36)}`, /friend's link/)));
    const ritaClone = newCloneId();
    await m.models.Clone.create({ _id: ritaClone, ownerId: rita.id, botId: 9_000_000_001, botUsername: 'rita_bot', source: 'token' });
    await m.models.Subscription.create({ _id: ritaClone, ownerId: rita.id, expiresAt: new Date(Date.now() + DAY_MS), isTrial: true });
    await m.models.OwnerClones.create({ _id: userKey(rita.id), cloneIds: [ritaClone] });
    await m.say(rita.id, '/help', /Commands/);
    await m.press(rita.id, `p:${ritaClone}:m1`, (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice));
    const invoice = m.sandbox.transcript(rita.id, m.id).filter((e) => e.direction === 'bot' && (e.message as { invoice?: unknown }).invoice).at(-1)!;
    const payOps = await record(async () => {
      expect((await m.sandbox.payInvoice(rita.id, m.id, invoice.messageId)).status).toBe('paid');
      await m.sandbox.waitForBotMessage({ chatId: owner.id, botRef: m.id, predicate: (msg) => /you earned/.test(textOf(msg)) });
    });
    await expectPointOnly(payOps);
    expect(payOps.map((o) => `${o.command} ${o.collection}`)).toEqual(expect.arrayContaining(['find referrals', 'update referrers', 'update referrals']));
    await expectPointOnly(await record(() => m.say(owner.id, '/referral', /Rewards waiting to be used: 1/)));
    await expectPointOnly(await record(() => m.press(owner.id, `r:pick:${rita.id}`, /Which clone/)));
    await expectPointOnly(await record(() => m.press(owner.id, `r:use:${rita.id}:${cloneIds[0]}`, /free days: it now runs until/)));
  });

  it("two creations by one owner at once: both in the owner's list, and the limit holds", async () => {
    const onboarding = new CloneOnboarding({
      config: m.config,
      models: m.models,
      masterKey: SECURITY_MASTER_KEY,
      identify: telegramBotIdentifier(m.config.telegramApiRoot),
      onChange: () => undefined,
    });
    const racer = m.sandbox.createUser({ firstName: 'Rita' });
    const bots = ['rita_a_bot', 'rita_b_bot', 'rita_c_bot', 'rita_d_bot'].map((username) => m.sandbox.createBot({ username }));
    const results = await Promise.allSettled(bots.map((b) => onboarding.createClone({ ownerId: racer.id, token: b.token, source: 'token' })));
    const created = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.cloneId] : []));
    expect(created).toHaveLength(3); // CLONES_PER_OWNER
    expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['CLONE_LIMIT']);
    expect([...(await m.models.OwnerClones.findById(userKey(racer.id)).lean())!.cloneIds].sort()).toEqual([...created].sort());

    // Delete one, then re-add its bot: it leaves the list and comes back.
    await m.services.clones.remove(created[0]!, { id: racer.id, isAdmin: false });
    expect((await m.models.OwnerClones.findById(userKey(racer.id)).lean())!.cloneIds).not.toContain(created[0]);
    const deletedBot = bots[results.findIndex((r) => r.status === 'fulfilled')]!;
    const restored = await onboarding.createClone({ ownerId: racer.id, token: deletedBot.token, source: 'token' });
    expect(restored).toMatchObject({ cloneId: created[0], restored: true });
    expect((await m.services.clones.listOwned(racer.id)).map((v) => v.clone._id).sort()).toEqual([...created].sort());
  });
});

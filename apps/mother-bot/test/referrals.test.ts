import { DAY_MS, newCloneId } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { InProcessMother, textOf } from './securityMother';

/**
 * Referrals end to end: the real mother (in process, no PM2: no worker is needed), the sandbox
 * over HTTP, a real database. A referred owner pays in Stars; the referrer is credited once
 * (a redelivered payment and a second payment credit nothing) and spends the reward on a clone.
 */
async function makeClone(m: InProcessMother, ownerId: number): Promise<string> {
  const _id = newCloneId();
  await m.models.Clone.create({ _id, ownerId, botId: 1e9 + Math.floor(Math.random() * 1e9), botUsername: `ref_${_id}_bot`, source: 'token' });
  await m.models.Subscription.create({ _id, ownerId, expiresAt: new Date(Date.now() + 3 * DAY_MS), isTrial: true });
  await m.models.OwnerClones.updateOne({ _id: String(ownerId) }, { $addToSet: { cloneIds: _id } }, { upsert: true });
  return _id;
}

/** Buys plan m1 for `cloneId` as `userId` through the real invoice; returns the charge id. */
async function pay(m: InProcessMother, userId: number, cloneId: string): Promise<string> {
  await m.say(userId, '/help', /Commands/);
  const invoice = await m.press(userId, cb.pay(cloneId, 'm1'), (r) => Boolean((r.message as { invoice?: unknown } | undefined)?.invoice));
  const after = m.sandbox.cursor();
  const paid = await m.sandbox.payInvoice(userId, m.id, invoice.message!.message_id);
  expect(paid.status).toBe('paid');
  await m.sandbox.waitForBotMessage({ chatId: userId, botRef: m.id, after, predicate: (msg) => /Payment received/.test(textOf(msg)) });
  return paid.telegram_payment_charge_id!;
}

const linkCode = (text: string): string => /start=ref-([0-9a-z]+)/.exec(text)![1]!;

describe('referrals', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', REFERRAL_REWARD_DAYS: '5' }, { flood: { enabled: false } });
  let alice: { id: number };
  let bob: { id: number };
  let carol: { id: number };

  beforeAll(async () => {
    await m.start();
    alice = m.sandbox.createUser({ firstName: 'Alice' });
    bob = m.sandbox.createUser({ firstName: 'Bob' });
    carol = m.sandbox.createUser({ firstName: 'Carol' });
    for (const u of [alice, carol]) await m.say(u.id, '/start', /I run your own copy/);
  }, 60_000);
  afterAll(async () => m.close(), 60_000);

  it('credits the referrer once when the referred owner pays a first plan, and the reward goes to the clone they pick', async () => {
    const screen = await m.say(alice.id, '/referral', /Invite owners/);
    expect(textOf(screen)).toContain(`https://t.me/${m.motherBot.username}?start=ref-`);
    const code = linkCode(textOf(screen));
    const carolCode = linkCode(textOf(await m.say(carol.id, '/referral', /Invite owners/)));

    expect(textOf(await m.say(bob.id, `/start ref-${code}`, /I run your own copy/))).toMatch(/friend's link/);
    // First link wins: Carol's link later changes nothing.
    expect(textOf(await m.say(bob.id, `/start ref-${carolCode}`, /I run your own copy/))).not.toMatch(/friend's link/);
    const referral = await m.models.Referral.findById(String(bob.id)).lean();
    expect(referral?.referrerId).toBe(alice.id);
    expect((await m.models.Referrer.findById(String(alice.id)).lean())?.referred).toBe(1);
    expect(await m.models.Referrer.findById(String(carol.id)).lean()).toBeNull();

    const bobClone = await makeClone(m, bob.id);
    const aliceClone = await makeClone(m, alice.id);
    const aliceBefore = m.sandbox.messageCount(m.id, alice.id);
    const chargeId = await pay(m, bob.id, bobClone);
    const notice = await m.sandbox.waitForBotMessage({ chatId: alice.id, botRef: m.id, predicate: (msg) => /you earned 5 free days/.test(textOf(msg)) });
    expect(textOf(notice)).toMatch(/\/referral/);
    const credited = await m.models.Referral.findById(String(bob.id)).lean();
    expect(credited).toMatchObject({ chargeId, rewardDays: 5 });

    // A redelivered payment, and a second payment, credit nothing.
    m.sandbox.redeliverSuccessfulPayment(chargeId);
    await m.say(bob.id, '/help', /Commands/); // handled after the duplicate (updates in order)
    await pay(m, bob.id, bobClone);
    await m.say(alice.id, '/help', /Commands/);
    expect(m.sandbox.messageCount(m.id, alice.id)).toBe(aliceBefore + 2); // the notice and /help
    expect(await m.models.AuditEvent.countDocuments({ action: 'referral.credit' })).toBe(1);
    expect((await m.models.Referral.findById(String(bob.id)).lean())?.chargeId).toBe(chargeId);

    // Bob cannot spend Alice's reward, on his clone or hers.
    const bobSubBefore = (await m.models.Subscription.findById(bobClone).lean())!.expiresAt.getTime();
    await m.say(bob.id, '/help', /Commands/);
    expect((await m.press(bob.id, cb.referralUse(bob.id, bobClone), (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.press(bob.id, cb.referralUse(bob.id, aliceClone), (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.press(bob.id, cb.referralPick(bob.id), (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.models.Subscription.findById(bobClone).lean())!.expiresAt.getTime()).toBe(bobSubBefore);

    // Alice picks her clone: +5 days, still a trial; pressing again adds nothing.
    const before = (await m.models.Subscription.findById(aliceClone).lean())!.expiresAt.getTime();
    await m.say(alice.id, '/referral', /Rewards waiting to be used: 1/);
    await m.press(alice.id, cb.referralPick(bob.id), /Which clone gets the 5 free days/);
    const used = await m.press(alice.id, cb.referralUse(bob.id, aliceClone), /got 5 free days/);
    expect(used.answer).toBe('+5 days');
    const sub = (await m.models.Subscription.findById(aliceClone).lean())!;
    expect(sub.expiresAt.getTime()).toBe(before + 5 * DAY_MS);
    expect(sub.isTrial).toBe(true);
    await m.say(alice.id, '/help', /Commands/);
    expect((await m.press(alice.id, cb.referralUse(bob.id, aliceClone), (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.models.Subscription.findById(aliceClone).lean())!.expiresAt.getTime()).toBe(before + 5 * DAY_MS);
    expect(textOf(await m.say(alice.id, '/referral', /Invite owners/))).toMatch(/No reward waiting/);
  }, 120_000);

  it('refuses self-referral, existing owners and made-up codes', async () => {
    const code = linkCode(textOf(await m.say(carol.id, '/referral', /Invite owners/)));
    expect(textOf(await m.say(carol.id, `/start ref-${code}`, /I run your own copy/))).toMatch(/your own referral link/);
    // Alice already owns a clone.
    expect(textOf(await m.say(alice.id, `/start ref-${code}`, /I run your own copy/))).toMatch(/for new owners/);
    const dave = m.sandbox.createUser({ firstName: 'Dave' });
    expect(textOf(await m.say(dave.id, '/start ref-zzzzzzzz', /I run your own copy/))).toMatch(/not valid/);
    expect(textOf(await m.say(dave.id, '/start ref-<b>x', /I run your own copy/))).toMatch(/not valid/);
    for (const id of [carol.id, alice.id, dave.id]) expect(await m.models.Referral.findById(String(id)).lean()).toBeNull();
    expect((await m.models.Referrer.findById(String(carol.id)).lean())?.referred ?? 0).toBe(0);
  }, 60_000);
});

describe('referrals: many referred owners of one referrer at once', () => {
  const m = new InProcessMother({ REFERRAL_REWARD_DAYS: '3' }, { flood: { enabled: false } }, { backgroundJobs: false });
  beforeAll(async () => void (await m.start()), 60_000);
  afterAll(async () => m.close(), 60_000);

  it('records and credits every one of them, none lost, each once', async () => {
    const referrer = m.sandbox.createUser({ firstName: 'Rex' });
    await m.say(referrer.id, '/start', /I run your own copy/);
    const referred = Array.from({ length: 12 }, (_, i) => 5_000_000_000 + i);
    const code = referrer.id.toString(36);
    expect(await Promise.all(referred.map((id) => m.services.referrals.record(id, code)))).toEqual(referred.map(() => 'recorded'));
    const credits = await Promise.all(referred.flatMap((id) => [m.services.referrals.creditFirstPayment(id, `charge-${id}`), m.services.referrals.creditFirstPayment(id, `charge-${id}`)]));
    expect(credits.filter(Boolean)).toHaveLength(referred.length);
    const summary = await m.services.referrals.summary(referrer.id);
    expect(summary.referred).toBe(referred.length);
    expect(summary.rewards.map((r) => Number(r._id)).sort()).toEqual([...referred].sort());
  }, 60_000);
});

describe('referrals switched off (REFERRAL_REWARD_DAYS=0)', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', REFERRAL_REWARD_DAYS: '0' }, { flood: { enabled: false } });
  beforeAll(async () => void (await m.start()), 60_000);
  afterAll(async () => m.close(), 60_000);

  it('records nothing, credits nothing and says so on /referral', async () => {
    const alice = m.sandbox.createUser({ firstName: 'Alice' });
    const bob = m.sandbox.createUser({ firstName: 'Bob' });
    expect(textOf(await m.say(alice.id, '/start', /I run your own copy/))).not.toMatch(/\/referral/);
    expect(textOf(await m.say(alice.id, '/referral', /switched off/))).not.toMatch(/start=ref-/);
    await m.say(bob.id, `/start ref-${alice.id.toString(36)}`, /I run your own copy/);
    expect(await m.models.Referral.countDocuments({})).toBe(0);
    const bobClone = await makeClone(m, bob.id);
    const before = m.sandbox.messageCount(m.id, alice.id);
    await pay(m, bob.id, bobClone);
    await m.say(alice.id, '/help', /Commands/);
    expect(m.sandbox.messageCount(m.id, alice.id)).toBe(before + 1);
    expect(await m.models.AuditEvent.countDocuments({ action: 'referral.credit' })).toBe(0);
  }, 60_000);
});

describe('referral reward set by an admin from /admin → ⚙️ Platform', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000' }, { flood: { enabled: false } });
  beforeAll(async () => void (await m.start()), 60_000);
  afterAll(async () => m.close(), 60_000);

  it('0 credits nothing on a first paid plan; a typed 3 credits 3 days on the next; back to the environment default', async () => {
    const alice = m.sandbox.createUser({ firstName: 'Alice' });
    const bob = m.sandbox.createUser({ firstName: 'Bob' });
    const dan = m.sandbox.createUser({ firstName: 'Dan' });
    await m.say(m.admin.id, '/start', /I run your own copy/);
    const code = linkCode(textOf(await m.say(alice.id, '/referral', /Invite owners/)));
    for (const u of [bob, dan]) expect(textOf(await m.say(u.id, `/start ref-${code}`, /I run your own copy/))).toMatch(/friend's link/);

    await m.say(m.admin.id, '/admin', /Admin panel/);
    expect((await m.press(m.admin.id, cb.admin('plat'), /Platform settings/)).screen).toMatch(/Referral reward: 7 free days — environment default \(REFERRAL_REWARD_DAYS\)/);
    const off = await m.press(m.admin.id, cb.admin('prwd', 0), /Referral reward: off \(0 days\) — set here by an admin/);
    expect(off.answer).toBe('Saved');
    expect(textOf(await m.say(alice.id, '/referral', /switched off/))).not.toMatch(/start=ref-/);
    expect(textOf(await m.say(alice.id, '/start', /I run your own copy/))).not.toMatch(/\/referral/);
    const aliceBefore = m.sandbox.messageCount(m.id, alice.id);
    await pay(m, bob.id, await makeClone(m, bob.id));
    await m.say(alice.id, '/help', /Commands/);
    expect(m.sandbox.messageCount(m.id, alice.id)).toBe(aliceBefore + 1); // /help alone: no reward notice
    expect(await m.models.AuditEvent.countDocuments({ action: 'referral.credit' })).toBe(0);
    expect((await m.models.Referral.findById(String(bob.id)).lean())?.creditedAt).toBeNull();

    // A typed number: refused outside 0..365 (the step stays), then 3.
    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('plat'), /Platform settings/);
    await m.press(m.admin.id, cb.admin('prwt'), /Send the number of free days/);
    for (const bad of ['366', '-1', 'three', '2.5']) await m.say(m.admin.id, bad, /not a whole number from 0 to 365/);
    expect(textOf(await m.say(m.admin.id, '3', /Saved/))).toMatch(/Referral reward: 3 free days — set here by an admin/);

    const danClone = await makeClone(m, dan.id);
    const chargeId = await pay(m, dan.id, danClone);
    await m.sandbox.waitForBotMessage({ chatId: alice.id, botRef: m.id, predicate: (msg) => /you earned 3 free days/.test(textOf(msg)) });
    expect(await m.models.Referral.findById(String(dan.id)).lean()).toMatchObject({ chargeId, rewardDays: 3 });
    expect(textOf(await m.say(alice.id, '/referral', /Invite owners/))).toMatch(/you get 3 free days/);

    await m.say(m.admin.id, '/admin', /Admin panel/);
    await m.press(m.admin.id, cb.admin('plat'), /Platform settings/);
    await m.press(m.admin.id, cb.admin('prwd', 'env'), /Referral reward: 7 free days — environment default/);
    const changes = await m.models.AuditEvent.find({ action: 'platform.settings' }).sort({ at: 1 }).lean();
    expect(changes.map((e) => [e.details.setting, e.details.from, e.details.to, e.details.toSource])).toEqual([
      ['referralRewardDays', 7, 0, 'admin'],
      ['referralRewardDays', 0, 3, 'admin'],
      ['referralRewardDays', 3, 7, 'env'],
    ]);
  }, 120_000);
});

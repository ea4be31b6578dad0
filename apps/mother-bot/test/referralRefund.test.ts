import { DAY_MS } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { refundStarsVia } from '../src/bot/features/admin/paymentScreens';
import { paymentRef } from '../src/services/starsPayments';
import { InProcessMother, textOf } from './securityMother';
import { makeClone, payPlan } from './paidClones';

/**
 * A refund takes back the referral reward the refunded payment earned: the real mother (in
 * process, sandbox over HTTP, real database), an admin refunding from /admin. An unused reward
 * is withdrawn; a reward already spent stays on its clone, is audited, and the admin is told.
 * Only the payment that credited the referral counts, and only once.
 */
describe('refunding the payment that earned a referral reward', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', REFERRAL_REWARD_DAYS: '5' }, { flood: { enabled: false } });

  beforeAll(async () => void (await m.start()), 60_000);
  afterAll(async () => m.close(), 60_000);

  /** A referrer with a clone, and an owner they referred who paid a first plan (which credited the referrer). */
  const referredPayer = async (names: [string, string]) => {
    const referrer = m.sandbox.createUser({ firstName: names[0] });
    const referred = m.sandbox.createUser({ firstName: names[1] });
    await m.say(referrer.id, '/start', /I run your own copy/);
    await m.say(referred.id, `/start ref-${referrer.id.toString(36)}`, /friend's link/);
    const referrerClone = await makeClone(m, referrer.id);
    const referredClone = await makeClone(m, referred.id);
    const chargeId = await payPlan(m, referred.id, referredClone);
    await m.sandbox.waitForBotMessage({ chatId: referrer.id, botRef: m.id, predicate: (msg) => /you earned 5 free days/.test(textOf(msg)) });
    return { referrer, referred, referrerClone, referredClone, chargeId };
  };

  /** The admin refunds a payment from /admin; resolves to what the confirmation screen says. */
  const refund = async (chargeId: string): Promise<string> => {
    await m.say(m.admin.id, '/admin', /./);
    await m.press(m.admin.id, cb.admin('rf', paymentRef(chargeId)), /Refund/);
    const done = await m.press(m.admin.id, cb.admin('rfok', paymentRef(chargeId)), /Refunded \d+ ⭐/);
    expect(m.sandbox.charge(chargeId)?.refunded).toBe(true);
    return done.screen;
  };

  it('withdraws an unused reward once, and only for the payment that earned it', async () => {
    const { referrer, referred, referredClone, chargeId } = await referredPayer(['Alice', 'Bob']);
    // A later payment of Bob earned nothing: refunding it leaves the reward alone.
    const second = await payPlan(m, referred.id, referredClone);
    expect(await refund(second)).not.toMatch(/referral reward/);
    expect((await m.services.referrals.summary(referrer.id)).rewards).toHaveLength(1);

    const screen = await refund(chargeId);
    expect(screen).toMatch(new RegExp(`earned user ${referrer.id} a referral reward of 5 free days\\. It was not used yet and is now withdrawn`));
    // The referrer is told, since the reward disappears from their /referral.
    await m.sandbox.waitForBotMessage({ chatId: referrer.id, botRef: m.id, predicate: (msg) => /earned you a referral reward of 5 free days was refunded, so that reward is withdrawn/.test(textOf(msg)) });
    const referral = (await m.models.Referral.findById(String(referred.id)).lean())!;
    expect(referral.refundOutcome).toBe('withdrawn');
    expect(referral.refundedAt).toBeInstanceOf(Date);
    expect((await m.models.Referrer.findById(String(referrer.id)).lean())?.pending).toEqual([]);
    expect((await m.services.referrals.summary(referrer.id)).rewards).toEqual([]);
    expect(textOf(await m.say(referrer.id, '/referral', /Invite owners/))).toMatch(/No reward waiting/);

    // The reward cannot be spent any more (an old "use it" button included).
    const [referrerClone] = (await m.models.OwnerClones.findById(String(referrer.id)).lean())!.cloneIds;
    const before = (await m.models.Subscription.findById(referrerClone).lean())!.expiresAt.getTime();
    expect((await m.press(referrer.id, cb.referralUse(referred.id, referrerClone!), (r) => r.answered)).answer).toMatch(/not valid any more/);
    expect((await m.models.Subscription.findById(referrerClone).lean())!.expiresAt.getTime()).toBe(before);

    // Asking again for the same charge changes and records nothing more.
    const admin = { id: m.admin.id, isAdmin: true };
    await expect(m.services.payments.refund(paymentRef(chargeId), admin, refundStarsVia(m.bot.telegram))).rejects.toMatchObject({ code: 'ALREADY_REFUNDED' });
    expect(await m.services.referrals.withdrawForRefund(referred.id, chargeId, admin)).toMatchObject({ outcome: 'withdrawn', days: 5 });
    expect(await m.models.AuditEvent.countDocuments({ action: 'referral.withdraw', targetId: String(referrer.id) })).toBe(1);
    // And a new payment of Bob credits nobody again.
    await payPlan(m, referred.id, referredClone);
    expect((await m.services.referrals.summary(referrer.id)).rewards).toEqual([]);
  }, 90_000);

  it('keeps a reward already spent, records it in the audit log and tells the admin', async () => {
    const { referrer, referred, referrerClone, chargeId } = await referredPayer(['Carol', 'Dave']);
    await m.say(referrer.id, '/referral', /Rewards waiting to be used: 1/);
    await m.press(referrer.id, cb.referralUse(referred.id, referrerClone), /got 5 free days/);
    const spentTo = (await m.models.Subscription.findById(referrerClone).lean())!.expiresAt.getTime();

    const screen = await refund(chargeId);
    expect(screen).toMatch(new RegExp(`earned user ${referrer.id} a referral reward of 5 free days, already used on clone ${referrerClone}\\. Those days were not taken back`));
    expect((await m.models.Subscription.findById(referrerClone).lean())!.expiresAt.getTime()).toBe(spentTo);
    expect((await m.models.Referral.findById(String(referred.id)).lean())?.refundOutcome).toBe('spent');
    const audit = await m.models.AuditEvent.find({ action: 'referral.refundSpent', targetId: String(referrer.id) }).lean();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.details).toMatchObject({ referred: referred.id, days: 5, chargeId, cloneId: referrerClone });
    expect(audit[0]!.actorId).toBe(m.admin.id);
    expect(spentTo).toBeGreaterThan(Date.now() + 7 * DAY_MS);
  }, 90_000);
});

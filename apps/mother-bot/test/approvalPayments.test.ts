import { DAY_MS, createLogger } from '@motherbot/core';
import type { TgMessage } from '@motherbot/telegram-sandbox';
import { cb } from '../src/bot/callbackData';
import { ReminderJob, type Reminder } from '../src/services/reminders';
import { InProcessMother, textOf } from './securityMother';
import { invoiceMessage, makeClone } from './paidClones';

const buttonsOf = (message: TgMessage | undefined): string[] =>
  ((message as { reply_markup?: { inline_keyboard?: Array<Array<{ callback_data?: string }>> } } | undefined)?.reply_markup?.inline_keyboard ?? [])
    .flat()
    .map((b) => b.callback_data ?? '');

/**
 * A clone waiting for an admin's approval, or rejected, cannot run: the real mother (in process,
 * sandbox over HTTP, real database) takes no money and spends no referral reward on it, shows no
 * Renew on its card and sends it no "expires soon — Renew" reminder. An approved clone of the
 * same owner gets all of these, so each refusal is about approval and nothing else.
 */
describe('clones waiting for approval or rejected are not paid for', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: '10000', REFERRAL_REWARD_DAYS: '5' }, { flood: { enabled: false } }, { backgroundJobs: false });
  let owner: { id: number };
  let pending: string;
  let rejected: string;
  let approved: string;

  beforeAll(async () => {
    await m.start();
    owner = m.sandbox.createUser({ firstName: 'Olga' });
    await m.say(owner.id, '/start', /I run your own copy/);
    pending = await makeClone(m, owner.id, 'pending');
    rejected = await makeClone(m, owner.id, 'rejected');
    approved = await makeClone(m, owner.id, null);
  }, 60_000);
  afterAll(async () => m.close(), 60_000);

  it('shows no Renew on their cards, says why, and refuses a Renew or plan button sent earlier', async () => {
    await m.say(owner.id, '/clones', /Your clones/);
    const pendingCard = await m.press(owner.id, cb.owner('card', pending), /Status/);
    expect(pendingCard.screen).toMatch(/Renewing opens once an admin approves this clone/);
    expect(buttonsOf(pendingCard.message)).not.toContain(cb.owner('renew', pending));
    expect(buttonsOf(pendingCard.message)).toContain(cb.owner('del', pending));
    const rejectedCard = await m.press(owner.id, cb.owner('card', rejected), /Status/);
    expect(rejectedCard.screen).toMatch(/did not approve this clone: it cannot run or be renewed/);
    expect(buttonsOf(rejectedCard.message)).not.toContain(cb.owner('renew', rejected));
    const approvedCard = await m.press(owner.id, cb.owner('card', approved), /Status/);
    expect(buttonsOf(approvedCard.message)).toContain(cb.owner('renew', approved));

    expect((await m.press(owner.id, cb.owner('renew', pending), (r) => r.answered)).answer).toMatch(/waiting for an admin to approve it/);
    expect((await m.press(owner.id, cb.owner('renew', rejected), (r) => r.answered)).answer).toMatch(/was not approved by the admins/);
    for (const [cloneId, answer] of [[pending, /waiting for an admin/], [rejected, /not approved/]] as const) {
      const before = m.sandbox.messageCount(m.id, owner.id);
      const press = await m.press(owner.id, cb.pay(cloneId, 'm1'), (r) => r.answered);
      expect(press.answer).toMatch(answer);
      expect(m.sandbox.messageCount(m.id, owner.id)).toBe(before); // no invoice
    }
  }, 60_000);

  it('refuses at pre-checkout an invoice issued before the clone waited for approval or was rejected', async () => {
    const cloneId = await makeClone(m, owner.id, null);
    const messageId = await invoiceMessage(m, owner.id, cloneId);
    const expiry = (await m.models.Subscription.findById(cloneId).lean())!.expiresAt.getTime();

    await m.models.Clone.updateOne({ _id: cloneId }, { $set: { approval: 'pending' } });
    const whilePending = await m.sandbox.payInvoice(owner.id, m.id, messageId);
    expect(whilePending.status).toBe('rejected');
    expect(whilePending.error_message).toMatch(/waiting for an admin to approve it/);

    await m.models.Clone.updateOne({ _id: cloneId }, { $set: { approval: 'rejected' } });
    const whenRejected = await m.sandbox.payInvoice(owner.id, m.id, messageId);
    expect(whenRejected.status).toBe('rejected');
    expect(whenRejected.error_message).toMatch(/was not approved by the admins/);

    expect(await m.models.Payment.countDocuments({ cloneId })).toBe(0);
    expect((await m.models.Subscription.findById(cloneId).lean())!.expiresAt.getTime()).toBe(expiry);
  }, 60_000);

  it('sends the approved clone its reminder and the others none', async () => {
    const sent: Reminder[] = [];
    const logger = createLogger({ label: 'test', level: 'error', console: false });
    // Two and a half days on: the 1-day reminder of every 3-day trial made above is due.
    const later = new Date(Date.now() + 2.5 * DAY_MS);
    const job = new ReminderJob({ models: m.models, offsetsDays: [1], logger, clock: () => later });
    await job.runOnce(async (r) => void sent.push(r));
    const told = new Set(sent.map((r) => r.cloneId));
    expect(told.has(approved)).toBe(true);
    expect(told.has(pending)).toBe(false);
    expect(told.has(rejected)).toBe(false);
    // Their reminders stay unclaimed: an approval starts a trial whose reminders go out then.
    expect((await m.models.Subscription.findById(pending).lean())!.remindersSent).toEqual([]);
  }, 60_000);

  it('spends no referral reward on them and offers only the approved clone', async () => {
    const referred = m.sandbox.createUser({ firstName: 'Ben' });
    expect(await m.services.referrals.record(referred.id, owner.id.toString(36))).toBe('recorded');
    expect(await m.services.referrals.creditFirstPayment(referred.id, `charge-${referred.id}`)).toMatchObject({ referrerId: owner.id, days: 5 });

    await m.say(owner.id, '/referral', /Rewards waiting to be used: 1/);
    const pick = await m.press(owner.id, cb.referralPick(referred.id), /Which clone gets the 5 free days/);
    expect(buttonsOf(pick.message)).toContain(cb.referralUse(referred.id, approved));
    expect(buttonsOf(pick.message)).not.toContain(cb.referralUse(referred.id, pending));
    expect(buttonsOf(pick.message)).not.toContain(cb.referralUse(referred.id, rejected));

    const expiries = async () => Promise.all([pending, rejected].map(async (id) => (await m.models.Subscription.findById(id).lean())!.expiresAt.getTime()));
    const before = await expiries();
    expect((await m.press(owner.id, cb.referralUse(referred.id, pending), (r) => r.answered)).answer).toMatch(/waiting for an admin to approve it/);
    expect((await m.press(owner.id, cb.referralUse(referred.id, rejected), (r) => r.answered)).answer).toMatch(/was not approved by the admins/);
    expect(await expiries()).toEqual(before);
    expect((await m.models.Referral.findById(String(referred.id)).lean())?.appliedAt).toBeNull();

    const approvedBefore = (await m.models.Subscription.findById(approved).lean())!.expiresAt.getTime();
    expect((await m.press(owner.id, cb.referralUse(referred.id, approved), /got 5 free days/)).answer).toBe('+5 days');
    expect((await m.models.Subscription.findById(approved).lean())!.expiresAt.getTime()).toBe(approvedBefore + 5 * DAY_MS);
  }, 60_000);
});

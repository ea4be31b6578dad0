import { Telegram } from 'telegraf';
import { DAY_MS } from '@motherbot/core';
import { cb } from '../src/bot/callbackData';
import { motherTexts } from '../src/i18n/texts';
import { reminderSender } from '../src/bot/reminderSender';
import { paymentRef } from '../src/services/starsPayments';
import { PlatformHarness } from './harness';

/** Reminders in English, the language of these owners (the sandbox sends no language_code). */
const inEnglish = { textsFor: async () => motherTexts.forLocale('en') };

/**
 * Owners and admins end to end: real mother, private PM2 daemon, sandbox over HTTP, FerretDB.
 * One clone worker (PM2 is costly); steps share the platform and run in order.
 */
describe('owner and admin features', () => {
  const h = new PlatformHarness();
  let bob: { id: number };
  let eve: { id: number };
  let bobBot: { id: number; token: string; username: string };
  let cloneId: string;
  let chargeId: string;

  const mother = () => h.motherBot.id;
  const botEntries = (userId: number) => h.sandbox.transcript(userId, mother()).filter((e) => e.direction === 'bot');
  const lastBotMessageId = (userId: number) => botEntries(userId).at(-1)!.messageId;
  const say = async (userId: number, text: string, expect: RegExp, timeoutMs = 20_000) => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, mother(), text);
    return h.sandbox.waitForBotMessage({ chatId: userId, botRef: mother(), after, timeoutMs, predicate: (m) => expect.test(String(m.text ?? '')) });
  };
  /** Presses a button (forced: any data) and waits for a screen matching `expect` (an edit or a new message). */
  const press = async (userId: number, data: string, expect: RegExp, messageId = lastBotMessageId(userId)) => {
    const after = h.sandbox.cursor();
    const pressed = await h.sandbox.pressButton(userId, mother(), messageId, data, { force: true });
    const answer = await pressed.answer;
    const entry = await h.until(`screen ${expect}`, () =>
      botEntries(userId).find((e) => (e.seq > after || e.messageId === messageId) && expect.test(String(e.message.text ?? ''))),
    );
    return { answer, message: entry.message };
  };
  /** Presses and returns the callback answer only (for refusals). */
  const pressForAnswer = async (userId: number, data: string) => {
    await h.sandbox.sendText(userId, mother(), '/help');
    await h.sandbox.waitForBotMessage({ chatId: userId, botRef: mother(), predicate: (m) => /Commands/.test(String(m.text)) });
    const pressed = await h.sandbox.pressButton(userId, mother(), lastBotMessageId(userId), data, { force: true });
    return (await pressed.answer)?.text ?? '';
  };
  const sub = async () => (await h.mother!.models.Subscription.findById(cloneId).lean())!;
  const clone = async () => (await h.mother!.models.Clone.findById(cloneId).lean())!;
  const worker = async () => (await h.workers()).find((p) => p.name === `clone-${cloneId}`);

  beforeAll(async () => {
    await h.start({ USER_RATE_PER_MINUTE: '1000' });
    bob = h.sandbox.createUser({ firstName: 'Bob <b>', username: 'bob' });
    eve = h.sandbox.createUser({ firstName: 'Eve', username: 'eve' });
    bobBot = h.sandbox.createBot({ username: 'bob_owner_bot' });
    await say(bob.id, '/new', /Send me the token/);
    await say(bob.id, bobBot.token, /is now your clone/);
    cloneId = (await h.mother!.models.Clone.findOne({ botId: bobBot.id }).lean())!._id;
    await h.until('worker online', async () => (await worker())?.status === 'online');
  }, 60_000);
  afterAll(async () => {
    await h.close();
  }, 60_000);

  it('shows the owner a clone card; other owners, non-admins and tampered data are refused', async () => {
    await say(bob.id, '/clones', /Your clones/);
    const { message } = await press(bob.id, cb.owner('card', cloneId), /Status:/);
    expect(message.text).toContain('@bob_owner_bot');
    expect(message.text).toMatch(/Plan: free trial/);

    expect(await pressForAnswer(eve.id, cb.owner('stop', cloneId))).toMatch(/not valid/);
    expect(await pressForAnswer(eve.id, cb.owner('delok', cloneId))).toMatch(/not valid/);
    expect(await pressForAnswer(bob.id, 'c:stop:not-a-clone')).toMatch(/not valid/);
    expect(await pressForAnswer(bob.id, `c:nuke:${cloneId}`)).toMatch(/not valid/);
    expect(await pressForAnswer(bob.id, cb.admin('susp', cloneId))).toMatch(/not for you/);
    await say(eve.id, '/admin', /do not know that command/);
    const c = await clone();
    expect(c.desiredRunning).toBe(true);
    expect(c.deletedAt).toBeNull();
    expect(c.suspended).toBeNull();
  }, 60_000);

  it('renews with Stars: one extension per charge, even when Telegram delivers the payment twice', async () => {
    const before = (await sub()).expiresAt;
    await say(bob.id, '/clones', /Your clones/);
    await press(bob.id, cb.owner('card', cloneId), /Status:/);
    await press(bob.id, cb.owner('renew', cloneId), /Pick a plan/);
    const after = h.sandbox.cursor();
    await h.sandbox.pressButton(bob.id, mother(), lastBotMessageId(bob.id), cb.pay(cloneId, 'm1'));
    const invoice = await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, predicate: (m) => Boolean((m as { invoice?: unknown }).invoice) });
    const paid = await h.sandbox.payInvoice(bob.id, mother(), invoice.message_id);
    expect(paid.status).toBe('paid');
    chargeId = paid.telegram_payment_charge_id!;
    const receipt = await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, predicate: (m) => /Payment received/.test(String(m.text)) });
    expect(receipt.text).toContain(chargeId);
    expect((await sub()).expiresAt.getTime()).toBe(before.getTime() + 30 * DAY_MS);

    // Whatever the payment still sends after its receipt has arrived before counting (the chat is quiet for a second).
    let settled = -1;
    await h.until('the chat quiet after the payment', async () => {
      const count = h.sandbox.messageCount(mother(), bob.id);
      if (count === settled) return true;
      settled = count;
      await new Promise((r) => setTimeout(r, 1000));
      return false;
    });
    const sentBefore = h.sandbox.messageCount(mother(), bob.id);
    h.sandbox.redeliverSuccessfulPayment(chargeId);
    // /help is answered after the duplicate (updates are handled in order): then it has been handled.
    await say(bob.id, '/help', /Commands/);
    expect(h.sandbox.messageCount(mother(), bob.id)).toBe(sentBefore + 1);
    const s = await sub();
    expect(s.expiresAt.getTime()).toBe(before.getTime() + 30 * DAY_MS);
    expect(s.appliedCharges).toEqual([chargeId]);
    expect(await h.mother!.models.Payment.countDocuments({})).toBe(1);
  }, 60_000);

  it('sends each reminder once as the clock moves, not again after a mother restart', async () => {
    const expiresAt = (await sub()).expiresAt;
    const sender = reminderSender(new Telegram(h.motherBot.token, { apiRoot: h.sandbox.apiRoot }), inEnglish);
    const reminders = () => botEntries(bob.id).filter((e) => /subscription of/.test(String(e.message.text))).map((e) => String(e.message.text));
    h.useFakeClock = true;
    h.now = new Date(expiresAt.getTime() - 3 * DAY_MS + 60_000);
    await h.mother!.services.reminders.runOnce(sender);
    await h.mother!.services.reminders.runOnce(sender);
    await h.until('3-day reminder', () => reminders().length === 1);
    expect(reminders()[0]).toMatch(/ends in 3 days/);

    h.now = new Date(expiresAt.getTime() - 1 * DAY_MS + 60_000);
    await h.mother!.services.reminders.runOnce(sender);
    await h.until('1-day reminder', () => reminders().length === 2);
    await h.stopMother();
    await h.startMother();
    await h.mother!.services.reminders.runOnce(sender);
    await h.mother!.services.reminders.runOnce(sender);
    expect(reminders()).toHaveLength(2);
    expect(reminders()[1]).toMatch(/ends tomorrow/);
    expect((await sub()).remindersSent.sort()).toEqual([1, 3]);
  }, 60_000);

  it('stops an expired clone and starts it again at once when the owner pays', async () => {
    const expiresAt = (await sub()).expiresAt;
    h.now = new Date(expiresAt.getTime() + 60_000);
    await h.mother!.manager.reconcileNow();
    await h.until('worker stopped', async () => (await worker())?.status === 'stopped');
    const sender = reminderSender(new Telegram(h.motherBot.token, { apiRoot: h.sandbox.apiRoot }), inEnglish);
    await h.mother!.services.reminders.runOnce(sender);
    await h.until('expiry reminder', () => botEntries(bob.id).some((e) => /has ended/.test(String(e.message.text))));

    const after = h.sandbox.cursor();
    await h.sandbox.pressButton(bob.id, mother(), lastBotMessageId(bob.id), cb.pay(cloneId, 'm1'), { force: true });
    const invoice = await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, predicate: (m) => Boolean((m as { invoice?: unknown }).invoice) });
    const paid = await h.sandbox.payInvoice(bob.id, mother(), invoice.message_id);
    expect(paid.status).toBe('paid');
    await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, predicate: (m) => /Payment received/.test(String(m.text)) });
    expect((await sub()).expiresAt.getTime()).toBe(h.now.getTime() + 30 * DAY_MS);
    await h.until('worker online again', async () => (await worker())?.status === 'online', 30_000);
    await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, timeoutMs: 30_000, predicate: (m) => /is live/.test(String(m.text)) });
  }, 90_000);

  it('lets an admin suspend (the owner cannot undo it), extend, ban, refund and read the audit log', async () => {
    const ada = h.admin.id;
    await say(ada, '/admin', /Admin panel/);
    const dash = await press(ada, cb.admin('dash'), /Dashboard/);
    expect(dash.message.text).toMatch(/Clones: 1 \(running 1\)[\s\S]*Stars in the last 30 days: \d+ ⭐[\s\S]*Host: load/);
    await press(ada, cb.admin('find'), /Send a bot @username/);
    await say(ada, '@bob_owner', /Clones .*1 found/);
    await press(ada, cb.admin('cc', cloneId), /Clone id/);

    const suspended = await press(ada, cb.admin('susp', cloneId), /Suspended\./);
    expect(suspended.answer?.text).toBe('Suspended');
    await h.until('worker stopped by suspension', async () => (await worker())?.status === 'stopped');
    expect(await pressForAnswer(bob.id, cb.owner('start', cloneId))).toMatch(/suspended/);
    expect((await clone()).suspended).not.toBeNull();
    await press(ada, cb.admin('unsus', cloneId), /Unsuspended/);

    const before = (await sub()).expiresAt;
    expect(await pressForAnswer(bob.id, cb.admin('ext', cloneId, 30))).toMatch(/not for you/);
    await say(ada, '/admin', /Admin panel/);
    await press(ada, cb.admin('ext', cloneId, 7), /Extended by 7 days/);
    expect((await sub()).expiresAt.getTime()).toBe(before.getTime() + 7 * DAY_MS);
    expect(await pressForAnswer(ada, cb.admin('ext', cloneId, 99999))).toMatch(/not valid/);

    expect(await pressForAnswer(eve.id, cb.admin('ban', bob.id))).toMatch(/not for you/);
    await say(ada, '/admin', /Admin panel/);
    await press(ada, cb.admin('ufind'), /user id or @username/);
    await say(ada, '@bob', /User/);
    await press(ada, cb.admin('ban', bob.id), /Banned:/);
    await h.mother!.manager.reconcileNow();
    await h.until('banned owner\'s clone stopped', async () => (await clone()).statusReason === 'owner_banned');
    await press(ada, cb.admin('unban', bob.id), /Unbanned/);
    await say(bob.id, '/help', /Commands/);

    const ref = paymentRef(chargeId);
    expect(await pressForAnswer(bob.id, cb.admin('rfok', ref))).toMatch(/not for you/);
    await say(ada, '/admin', /Admin panel/);
    await press(ada, cb.admin('pays', 0), /Payments — 2/);
    await press(ada, cb.admin('rf', ref), /Refund 100 ⭐/);
    const beforeRefund = (await sub()).expiresAt;
    await press(ada, cb.admin('rfok', ref), /Refunded 100 ⭐/);
    expect(h.sandbox.charge(chargeId)?.refunded).toBe(true);
    expect((await h.mother!.models.Payment.findById(chargeId).lean())?.status).toBe('refunded');
    expect((await sub()).expiresAt.getTime()).toBe(beforeRefund.getTime() - 30 * DAY_MS);
    expect(await pressForAnswer(ada, cb.admin('rfok', ref))).toMatch(/already refunded/);
    expect(await pressForAnswer(ada, cb.admin('rfok', 'ffffffffffff'))).toMatch(/No such payment/);

    await say(ada, '/admin', /Admin panel/);
    const audit = await press(ada, cb.admin('audit', 0), /Audit log/);
    const actions = ['payment.refund', 'user.unban', 'user.ban', 'clone.extend', 'clone.unsuspend', 'clone.suspend', 'payment.apply', 'clone.create'];
    for (const action of actions) expect(audit.message.text).toContain(action);
    // newest first
    expect(audit.message.text!.indexOf('payment.refund')).toBeLessThan(audit.message.text!.indexOf('clone.suspend'));
    expect(await pressForAnswer(bob.id, cb.admin('audit', 0))).toMatch(/not for you/);
  }, 120_000);

  it('broadcasts an admin message to every user with the broadcast engine; non-admins are refused', async () => {
    const ada = h.admin.id;
    expect(await pressForAnswer(eve.id, cb.admin('bcok'))).toMatch(/not for you/);
    await say(ada, '/admin', /Admin panel/);
    await press(ada, cb.admin('bc'), /Send me the message to broadcast/);
    await say(ada, 'Maintenance tonight <b>22:00</b>', /Send this message to \d+ users/);
    const after = h.sandbox.cursor();
    await press(ada, cb.admin('bcok'), /Broadcast started to \d+ users/);
    const got = await h.sandbox.waitForBotMessage({ chatId: eve.id, botRef: mother(), after, timeoutMs: 20_000, predicate: (m) => /Maintenance tonight/.test(String(m.text)) });
    expect(got.text).toContain('<b>22:00</b>');
    await h.sandbox.waitForBotMessage({ chatId: bob.id, botRef: mother(), after, timeoutMs: 20_000, predicate: (m) => /Maintenance tonight/.test(String(m.text)) });
  }, 60_000);

  it('shows what is stored on /privacy, escaping what the user wrote', async () => {
    const report = await say(bob.id, '/privacy', /What I store about you/);
    expect(report.text).toContain('Bob <b>');
    expect(report.text).toContain('@bob_owner_bot');
  }, 30_000);
});

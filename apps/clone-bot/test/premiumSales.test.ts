import { Telegram } from 'telegraf';
import type { TgMessage, UserInfo } from '@motherbot/telegram-sandbox';
import { NOT_ALLOWED } from '../src/bot/features/managerOnly';
import { INVOICE_INVALID, INVOICE_NOT_YOURS, OFFER_GONE } from '../src/bot/features/premium';
import { PremiumInvoices } from '../src/bot/services/premiumInvoice';
import { CloneHarness, textOf } from './cloneHarness';

/**
 * Premium sold by the clone in Telegram Stars, end to end (real clone bot, sandbox, database):
 * the owner's offers, /premium, the clone's own invoice, pre-checkout, successful payment,
 * a redelivered payment, an offer removed before pre-checkout, tampered and foreign payloads,
 * the owner's grant, revoke and refund, and the Stars in /stats.
 */
describe('clone bot: premium sold in Telegram Stars', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let ann: UserInfo;
  let bob: UserInfo;

  beforeAll(async () => {
    await h.start();
    ann = h.user('Ann');
    bob = h.user('Bob');
    await h.say(ann.id, '/start');
    await h.say(bob.id, '/start');
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  const isInvoice = (m: TgMessage): boolean => Boolean((m as { invoice?: unknown }).invoice);
  const invoiceOf = (m: TgMessage) => (m as unknown as { invoice: { title: string; currency: string; total_amount: number } }).invoice;
  const offers = async () => (await h.clone!.runtime.settings.get()).premiumOffers;

  /** The owner adds an offer through /settings → Premium → Add offer. */
  async function addOffer(text: string): Promise<void> {
    const count = (await offers()).length;
    await h.settings(h.owner.id, /Premium/, /Add offer/);
    await h.say(h.owner.id, text, /Added/);
    await h.until('offer saved', async () => (await offers()).length === count + 1);
  }

  /** `user` sends /premium and presses the offer button labelled `label`; resolves with the invoice. */
  async function invoiceFor(user: UserInfo, label: RegExp): Promise<TgMessage> {
    const menu = await h.say(user.id, '/premium', /Telegram Stars/);
    const after = h.sandbox.cursor();
    await h.press(user.id, menu, label);
    return h.next(user.id, isInvoice, after);
  }

  async function payAndWaitForReceipt(user: UserInfo, invoice: TgMessage): Promise<string> {
    const after = h.sandbox.cursor();
    const paid = await h.sandbox.payInvoice(user.id, h.bot, invoice.message_id);
    expect(paid.status).toBe('paid');
    await h.next(user.id, /premium until/, after);
    return paid.telegram_payment_charge_id!;
  }

  it('sells nothing until the owner defines offers; at most three', async () => {
    expect(textOf(await h.say(ann.id, '/premium', /premium/))).toMatch(/not premium.*\n.*sells no premium/);
    await addOffer('30 100');
    await addOffer('7 25');
    await h.settings(h.owner.id, /Premium/, /Add offer/);
    expect(textOf(await h.say(h.owner.id, '0 10', /Try again/))).toMatch(/two numbers/);
    await h.say(h.owner.id, '365 900', /Added/);
    expect((await offers()).map((o) => [o.days, o.stars])).toEqual([[30, 100], [7, 25], [365, 900]]);
    const menu = await h.settings(h.owner.id, /Premium/);
    expect(await h.press(h.owner.id, menu, /Add offer/)).toMatchObject({ text: 'At most 3 offers.' });
  });

  it('buys end to end: offers as buttons, the clone\'s XTR invoice, pre-checkout, payment, premium until', async () => {
    const invoice = await invoiceFor(ann, /^30 days for 100 ⭐$/);
    expect(invoiceOf(invoice)).toMatchObject({ currency: 'XTR', total_amount: 100, title: 'Premium: 30 days' });
    const before = Date.now();
    const chargeId = await payAndWaitForReceipt(ann, invoice);
    const until = await h.clone!.runtime.data.premium.until(ann.id);
    expect(until!.getTime()).toBeGreaterThanOrEqual(before + 30 * 86_400_000 - 60_000);
    expect(textOf(h.sandbox.transcript(ann.id, h.bot).at(-1)!.message)).toContain(chargeId);
    expect(await h.models.StarPayment.findById(chargeId).lean()).toMatchObject({ userId: ann.id, days: 30, stars: 100, status: 'paid' });
    expect(textOf(await h.say(ann.id, '/premium', /premium until/))).toMatch(/You are premium until/);
    // The owner is told of the sale, with the refund command.
    await h.until('owner told', () => h.sandbox.transcript(h.owner.id, h.bot).some((e) => textOf(e.message).includes(`/premium_refund ${chargeId}`)));
  });

  it('credits a redelivered successful payment once', async () => {
    const invoice = await invoiceFor(bob, /^7 days for 25 ⭐$/);
    const chargeId = await payAndWaitForReceipt(bob, invoice);
    const until = await h.clone!.runtime.data.premium.until(bob.id);
    h.sandbox.redeliverSuccessfulPayment(chargeId);
    // Bob's updates are handled in order: once /premium is answered, the redelivery was handled.
    expect(textOf(await h.say(bob.id, '/premium', /premium until/))).toContain('You are premium until');
    expect(await h.clone!.runtime.data.premium.until(bob.id)).toEqual(until);
    expect(h.sandbox.transcript(bob.id, h.bot).filter((e) => /Thank you/.test(textOf(e.message)))).toHaveLength(1);
    expect(await h.models.StarPayment.countDocuments({ userId: bob.id })).toBe(1);
  });

  it('refuses at pre-checkout an offer the owner removed (or changed) after the invoice was sent', async () => {
    const invoice = await invoiceFor(bob, /^365 days for 900 ⭐$/);
    const menu = await h.settings(h.owner.id, /Premium/);
    expect(await h.press(h.owner.id, menu, /Remove 365 days/)).toMatchObject({ text: 'Removed.' });
    expect(await h.sandbox.payInvoice(bob.id, h.bot, invoice.message_id)).toEqual({ status: 'rejected', error_message: OFFER_GONE });
    // Re-added on the same terms, it is a new offer: the old invoice still does not pay.
    await addOffer('365 900');
    expect(await h.sandbox.payInvoice(bob.id, h.bot, invoice.message_id)).toMatchObject({ status: 'rejected', error_message: OFFER_GONE });
    expect(await h.models.StarPayment.countDocuments({ userId: bob.id })).toBe(1);
  });

  it('refuses a tampered payload and an invoice made for someone else', async () => {
    const offer = (await offers()).find((o) => o.days === 7)!;
    const tg = new Telegram(h.botInfo.token, { apiRoot: h.sandbox.apiRoot });
    const send = (chatId: number, text: string) =>
      tg.sendInvoice(chatId, { title: 'Premium', description: 'x', payload: text, provider_token: '', currency: 'XTR', prices: [{ label: 'p', amount: 25 }] });
    // Ann's own offer with the days raised, and a payload with no valid signature at all.
    const genuine = new PremiumInvoices(h.botInfo.token).payloadFor(offer, ann.id);
    const forged = await send(ann.id, genuine.replace(`:${offer.id}:7:25:`, `:${offer.id}:3650:25:`));
    expect(await h.sandbox.payInvoice(ann.id, h.bot, forged.message_id)).toEqual({ status: 'rejected', error_message: INVOICE_INVALID });
    const garbage = await send(ann.id, `pm1:${offer.id}:7:25:${ann.id}:not-a-signature`);
    expect(await h.sandbox.payInvoice(ann.id, h.bot, garbage.message_id)).toEqual({ status: 'rejected', error_message: INVOICE_INVALID });
    // Ann's genuine invoice payload, shown to Bob: refused as not his.
    const foreign = await send(bob.id, new PremiumInvoices(h.botInfo.token).payloadFor(offer, ann.id));
    expect(await h.sandbox.payInvoice(bob.id, h.bot, foreign.message_id)).toEqual({ status: 'rejected', error_message: INVOICE_NOT_YOURS });
    expect(await h.models.StarPayment.countDocuments({})).toBe(2);
  });

  it('lets the owner grant, extend and revoke premium by user id; others cannot', async () => {
    const carl = h.user('Carl');
    await h.say(carl.id, '/start');
    expect(textOf(await h.say(carl.id, `/premium_grant ${carl.id} 10`, /./))).toBe(NOT_ALLOWED);
    expect(await h.clone!.runtime.data.premium.isPremium(carl.id)).toBe(false);
    expect(textOf(await h.say(h.owner.id, '/premium_grant abc 10', /Usage/))).toMatch(/Usage: \/premium_grant/);
    await h.say(h.owner.id, `/premium_grant ${carl.id} 10`, /is premium until/);
    const first = (await h.clone!.runtime.data.premium.until(carl.id))!;
    await h.say(h.owner.id, `/premium_grant ${carl.id} 5`, /is premium until/);
    const second = (await h.clone!.runtime.data.premium.until(carl.id))!;
    expect(second.getTime() - first.getTime()).toBe(5 * 86_400_000);
    await h.until('carl told', () => h.sandbox.transcript(carl.id, h.bot).some((e) => /You were given premium/.test(textOf(e.message))));
    expect(textOf(await h.say(h.owner.id, `/premium_revoke ${carl.id}`, /./))).toBe(`Premium of ${carl.id} ended now.`);
    expect(await h.clone!.runtime.data.premium.isPremium(carl.id)).toBe(false);
    expect(textOf(await h.say(h.owner.id, `/premium_revoke ${carl.id}`, /./))).toMatch(/was not premium/);
  });

  it('refunds a payment through refundStarPayment, revoking the premium it gave, once', async () => {
    const chargeId = (await h.models.StarPayment.findOne({ userId: bob.id }).lean())!._id;
    expect(textOf(await h.say(bob.id, `/premium_refund ${chargeId}`, /./))).toBe(NOT_ALLOWED);
    expect(textOf(await h.say(h.owner.id, '/premium_refund nope', /./))).toBe('No payment with that receipt id in this bot.');
    expect(textOf(await h.say(h.owner.id, `/premium_refund ${chargeId}`, /Refunded/))).toMatch(/Refunded 25 ⭐ to \d+; 7 days taken off \(premium ended\)/);
    expect(h.sandbox.charge(chargeId)).toMatchObject({ refunded: true, amount: 25, userId: bob.id });
    expect(await h.clone!.runtime.data.premium.isPremium(bob.id)).toBe(false);
    expect(await h.models.StarPayment.findById(chargeId).lean()).toMatchObject({ status: 'refunded', refundedBy: h.owner.id });
    expect(textOf(await h.say(h.owner.id, `/premium_refund ${chargeId}`, /./))).toMatch(/^Already refunded/);
    await h.until('bob told', () => h.sandbox.transcript(bob.id, h.bot).some((e) => /was refunded/.test(textOf(e.message))));
  });

  it('shows the Stars earned in /stats (refunds taken off)', async () => {
    const stats = textOf(await h.say(h.owner.id, '/stats', /Stats/));
    expect(stats).toContain('Stars earned: 100 ⭐ (2 premium sales, 25 ⭐ refunded)');
  });
});

describe('clone bot: a payment is never dropped by the rate limit', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 3 });

  beforeAll(async () => {
    await h.start();
  }, 60_000);
  afterAll(() => h.close(), 60_000);

  it('credits a user who is over the limit when they pay', async () => {
    await h.clone!.runtime.settings.update({ premiumOffers: [{ id: 5, days: 3, stars: 10 }] });
    const dan = h.user('Dan');
    const menu = await h.say(dan.id, '/premium', /Telegram Stars/);
    const after = h.sandbox.cursor();
    await h.press(dan.id, menu, /3 days for 10/);
    const invoice = await h.next(dan.id, (m) => Boolean((m as { invoice?: unknown }).invoice), after);
    // Three updates a minute: /premium, the press and this text; the next one is over the limit.
    await h.say(dan.id, 'one', /share link/);
    await h.say(dan.id, 'two', /too fast/);
    const paid = await h.sandbox.payInvoice(dan.id, h.bot, invoice.message_id);
    expect(paid.status).toBe('paid');
    await h.until('dan credited', () => h.clone!.runtime.data.premium.isPremium(dan.id));
    expect(await h.models.StarPayment.findById(paid.telegram_payment_charge_id).lean()).toMatchObject({ userId: dan.id, days: 3 });
  });
});

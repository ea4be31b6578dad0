import { startHarness, type Harness } from './helpers';

let h: Harness;
let bot: { id: number; token: string };
let ann: { id: number };
beforeEach(async () => {
  h = await startHarness();
  bot = h.sb.createBot({ username: 'shop_bot' });
  ann = h.sb.createUser({ firstName: 'Ann' });
  await h.sb.sendText(ann.id, bot.id, '/start');
});
afterEach(async () => { await h.close(); });

const invoice = (over: Record<string, unknown> = {}) => ({
  title: 'Pro, 30 days', description: 'Clone subscription', payload: 'plan:pro:30', currency: 'XTR', prices: [{ label: 'Pro', amount: 150 }], ...over,
});

test('the Stars flow: invoice, pre_checkout_query, successful_payment, refund', async () => {
  const t = h.telegraf(bot.token);
  const paid: string[] = [];
  t.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(ctx.preCheckoutQuery.invoice_payload === 'plan:pro:30'));
  t.on('successful_payment', async (ctx) => {
    paid.push(ctx.message.successful_payment.telegram_payment_charge_id);
    await ctx.reply(`thanks for ${ctx.message.successful_payment.total_amount} stars`);
  });
  await h.launch(t);
  const msg = await t.telegram.sendInvoice(ann.id, invoice() as any);
  expect(msg.invoice).toEqual({ title: 'Pro, 30 days', description: 'Clone subscription', start_parameter: '', currency: 'XTR', total_amount: 150 });
  const outcome = await h.sb.payInvoice(ann.id, bot.id, msg.message_id);
  expect(outcome.status).toBe('paid');
  const chargeId = outcome.telegram_payment_charge_id!;
  expect((await h.sb.waitForBotMessage({ chatId: ann.id, botRef: bot.id })).text).toBe('thanks for 150 stars');
  expect(paid).toEqual([chargeId]);

  h.sb.redeliverSuccessfulPayment(chargeId);
  expect((await h.sb.waitForBotMessage({ chatId: ann.id, botRef: bot.id })).text).toBe('thanks for 150 stars');
  expect(paid).toEqual([chargeId, chargeId]);

  expect(await t.telegram.callApi('refundStarPayment' as any, { user_id: ann.id, telegram_payment_charge_id: chargeId } as any)).toBe(true);
  expect(h.sb.charge(chargeId)).toMatchObject({ refunded: true, amount: 150 });
  await expect(t.telegram.callApi('refundStarPayment' as any, { user_id: ann.id, telegram_payment_charge_id: chargeId } as any)).rejects.toMatchObject({ code: 400, description: 'Bad Request: CHARGE_ALREADY_REFUNDED' });
  await expect(t.telegram.callApi('refundStarPayment' as any, { user_id: ann.id, telegram_payment_charge_id: 'nope' } as any)).rejects.toMatchObject({ code: 400, description: 'Bad Request: CHARGE_NOT_FOUND' });
});

test('a rejected pre-checkout yields no payment; a silent bot times out', async () => {
  const t = h.telegraf(bot.token);
  t.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(false, 'sold out'));
  await h.launch(t);
  const msg = await t.telegram.sendInvoice(ann.id, invoice() as any);
  expect(await h.sb.payInvoice(ann.id, bot.id, msg.message_id)).toEqual({ status: 'rejected', error_message: 'sold out' });
  expect(h.sb.transcript(ann.id, bot.id).some((e) => e.message.successful_payment)).toBe(false);
  const silent = h.sb.createBot({ username: 'silent_bot' });
  await h.sb.sendText(ann.id, silent.id, '/start');
  const m2 = await h.telegraf(silent.token).telegram.sendInvoice(ann.id, invoice() as any);
  expect((await h.sb.payInvoice(ann.id, silent.id, m2.message_id, { timeoutMs: 50 })).status).toBe('timeout');
});

test('invoices must be XTR, with an empty provider token and exactly one price', async () => {
  const tg = h.telegraf(bot.token).telegram;
  await expect(tg.sendInvoice(ann.id, invoice({ prices: [{ label: 'a', amount: 1 }, { label: 'b', amount: 2 }] }) as any)).rejects.toMatchObject({ code: 400, description: expect.stringContaining('exactly one price') });
  await expect(tg.sendInvoice(ann.id, invoice({ provider_token: 'tok' }) as any)).rejects.toMatchObject({ code: 400 });
  await expect(tg.sendInvoice(ann.id, invoice({ currency: 'USD' }) as any)).rejects.toMatchObject({ code: 400 });
  await expect(tg.callApi('answerPreCheckoutQuery', { pre_checkout_query_id: '42', ok: true } as any)).rejects.toMatchObject({ code: 400 });
});

test('every bot sells on its own (a clone as much as the mother): only it gets its pre-checkouts, and a charge is refunded only by the bot that took it', async () => {
  const clone = h.sb.createBot({ username: 'clone_files_bot' });
  await h.sb.sendText(ann.id, clone.id, '/start');
  const seen: string[] = [];
  const shop = h.telegraf(bot.token);
  shop.on('pre_checkout_query', (ctx) => (seen.push(`shop:${ctx.preCheckoutQuery.invoice_payload}`), ctx.answerPreCheckoutQuery(true)));
  const cloneBot = h.telegraf(clone.token);
  cloneBot.on('pre_checkout_query', (ctx) => (seen.push(`clone:${ctx.preCheckoutQuery.invoice_payload}`), ctx.answerPreCheckoutQuery(true)));
  await h.launch(shop);
  await h.launch(cloneBot);
  const fromClone = await cloneBot.telegram.sendInvoice(ann.id, invoice({ payload: 'premium:7' }) as any);
  const paid = await h.sb.payInvoice(ann.id, clone.id, fromClone.message_id);
  expect(paid.status).toBe('paid');
  expect(seen).toEqual(['clone:premium:7']);
  expect(h.sb.charge(paid.telegram_payment_charge_id!)).toMatchObject({ botId: clone.id, userId: ann.id, amount: 150, refunded: false });
  const refund = (t: typeof shop) => t.telegram.callApi('refundStarPayment' as any, { user_id: ann.id, telegram_payment_charge_id: paid.telegram_payment_charge_id } as any);
  await expect(refund(shop)).rejects.toMatchObject({ code: 400, description: 'Bad Request: CHARGE_NOT_FOUND' });
  expect(await refund(cloneBot)).toBe(true);
  expect(h.sb.charge(paid.telegram_payment_charge_id!)?.refunded).toBe(true);
});

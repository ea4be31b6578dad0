import type { Context } from 'telegraf';
import { answerPreCheckout, isChargeAlreadyRefunded, isPaymentUpdate, PRE_CHECKOUT_FAILED } from '../starsPayments';

/** A context that records the pre-checkout answer the code gives Telegram. */
function fakeContext() {
  const answers: Array<{ ok: boolean; error?: string }> = [];
  const ctx = {
    answerPreCheckoutQuery: async (ok: boolean, error?: string) => {
      answers.push(error === undefined ? { ok } : { ok, error });
      return true;
    },
  };
  return { ctx: ctx as unknown as Context, answers };
}

describe('answerPreCheckout', () => {
  it('lets the payment go ahead, or refuses with the check\'s sentence', async () => {
    const yes = fakeContext();
    await answerPreCheckout(yes.ctx, async () => undefined, () => undefined);
    expect(yes.answers).toEqual([{ ok: true }]);
    const no = fakeContext();
    await answerPreCheckout(no.ctx, async () => 'sold out', () => undefined);
    expect(no.answers).toEqual([{ ok: false, error: 'sold out' }]);
  });

  it('refuses (nothing charged) when the check fails or would outlast Telegram\'s wait', async () => {
    const errors: unknown[] = [];
    const failing = fakeContext();
    await answerPreCheckout(failing.ctx, async () => Promise.reject(new Error('database away')), (e) => errors.push(e));
    expect(failing.answers).toEqual([{ ok: false, error: PRE_CHECKOUT_FAILED }]);
    const stuck = fakeContext();
    await answerPreCheckout(stuck.ctx, () => new Promise<undefined>(() => undefined), (e) => errors.push(e), 10);
    expect(stuck.answers).toEqual([{ ok: false, error: PRE_CHECKOUT_FAILED }]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['database away', 'pre-checkout check took over 10 ms']);
  });

  it("refuses in the payer's language when the bot gives the text", async () => {
    const spanish = fakeContext();
    await answerPreCheckout(spanish.ctx, async () => Promise.reject(new Error('database away')), () => undefined, 7_000, 'No pudimos comprobar este pago.');
    expect(spanish.answers).toEqual([{ ok: false, error: 'No pudimos comprobar este pago.' }]);
  });
});

it('recognises a charge Telegram refunded already', () => {
  expect(isChargeAlreadyRefunded({ description: 'Bad Request: CHARGE_ALREADY_REFUNDED' })).toBe(true);
  expect(isChargeAlreadyRefunded(new Error('Bad Request: CHARGE_NOT_FOUND'))).toBe(false);
  expect(isChargeAlreadyRefunded(undefined)).toBe(false);
});

it('tells payment updates (never rate-limited) from the rest', () => {
  const ctx = (updateType: string, message?: object) => ({ updateType, message }) as unknown as Context;
  expect(isPaymentUpdate(ctx('pre_checkout_query'))).toBe(true);
  expect(isPaymentUpdate(ctx('message', { successful_payment: { total_amount: 1 } }))).toBe(true);
  expect(isPaymentUpdate(ctx('message', { text: 'hi' }))).toBe(false);
  expect(isPaymentUpdate(ctx('callback_query'))).toBe(false);
});

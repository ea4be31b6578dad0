import type { Context, Telegram } from 'telegraf';

/** A one-off invoice in Telegram Stars: one price, currency XTR, no provider token. */
export interface StarsInvoice {
  /** At most 32 characters (Telegram's limit; longer is cut). */
  title: string;
  /** At most 255 characters (longer is cut). */
  description: string;
  /** What the successful payment brings back; at most 128 bytes. */
  payload: string;
  /** The label of the single price line. */
  label: string;
  stars: number;
}

/** Sends a Stars invoice in the chat of the update (both bots sell this way). */
export async function replyWithStarsInvoice(ctx: Context, invoice: StarsInvoice): Promise<void> {
  await ctx.replyWithInvoice({
    title: invoice.title.slice(0, 32),
    description: invoice.description.slice(0, 255),
    payload: invoice.payload,
    provider_token: '',
    currency: 'XTR',
    prices: [{ label: invoice.label, amount: invoice.stars }],
  });
}

/** `refundStarPayment` (Bot API 7.4+; Telegraf 4.16 has no wrapper): the Stars go back to the payer. */
export async function refundStarPayment(telegram: Telegram, userId: number, chargeId: string): Promise<void> {
  await telegram.callApi('refundStarPayment' as never, { user_id: userId, telegram_payment_charge_id: chargeId } as never);
}

/** Whether a refund failed only because Telegram refunded this charge already. */
export function isChargeAlreadyRefunded(error: unknown): boolean {
  const e = error as { description?: string; message?: string } | undefined;
  return /CHARGE_ALREADY_REFUNDED/.test(String(e?.description ?? e?.message ?? ''));
}

/**
 * A pre-checkout query or a successful payment: never dropped by a rate limit (a dropped
 * successful payment is Stars taken and nothing given; a dropped pre-checkout fails the payment).
 */
export function isPaymentUpdate(ctx: Context): boolean {
  return ctx.updateType === 'pre_checkout_query' || Boolean((ctx.message as { successful_payment?: unknown } | undefined)?.successful_payment);
}

/** What a payer sees when the check failed, unless the bot gives its own (translated) text. */
export const PRE_CHECKOUT_FAILED = 'We could not check this payment right now. Nothing was charged; please try again in a minute.';

/**
 * Answers a `pre_checkout_query` (Telegram waits 10 s at most): `check` returns undefined to
 * let the payment go ahead, or the sentence the payer sees. A check that fails or takes longer
 * than `budgetMs` refuses with `failedText` (the payer's language), so the payer is never left
 * waiting and nothing is charged.
 */
export async function answerPreCheckout(
  ctx: Context,
  check: () => Promise<string | undefined>,
  onError: (error: unknown) => void,
  budgetMs = 7_000,
  failedText = PRE_CHECKOUT_FAILED,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  let refusal: string | undefined;
  try {
    const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`pre-checkout check took over ${budgetMs} ms`)), budgetMs)));
    refusal = await Promise.race([check(), late]);
  } catch (error) {
    onError(error);
    refusal = failedText;
  } finally {
    clearTimeout(timer);
  }
  await ctx.answerPreCheckoutQuery(refusal === undefined, refusal);
}

/**
 * Telegram Stars: sendInvoice (XTR only, empty provider token, one price),
 * answerPreCheckoutQuery and refundStarPayment. The user side (pre_checkout_query, then the
 * successful_payment message) is driven by `TelegramSandbox.payInvoice`.
 */
import type { MethodHandler } from '../context';
import { badRequest } from '../errors';
import { parseReplyMarkup } from '../markup';
import { chatForSending } from '../chatAccess';
import { postFromBot } from '../send';

const sendInvoice: MethodHandler = (ctx) => {
  const conv = chatForSending(ctx, ctx.params.chatId());
  const title = ctx.params.reqStr('title', 'INVOICE_TITLE_EMPTY');
  const description = ctx.params.reqStr('description', 'INVOICE_DESCRIPTION_EMPTY');
  const payload = ctx.params.reqStr('payload', 'INVOICE_PAYLOAD_INVALID');
  if (title.length > 32) throw badRequest('INVOICE_TITLE_INVALID');
  if (description.length > 255) throw badRequest('INVOICE_DESCRIPTION_INVALID');
  if (Buffer.byteLength(payload) > 128) throw badRequest('INVOICE_PAYLOAD_INVALID');
  const currency = ctx.params.reqStr('currency', 'CURRENCY_INVALID');
  const prices = ctx.params.json<Array<{ label?: unknown; amount?: unknown }>>('prices', 'prices');
  if (!Array.isArray(prices) || prices.length === 0) throw badRequest("can't parse prices JSON object");
  for (const p of prices) {
    if (typeof p?.label !== 'string' || !Number.isSafeInteger(p.amount)) throw badRequest("can't parse prices JSON object");
  }
  if (currency !== 'XTR') throw badRequest('PAYMENT_PROVIDER_INVALID: the sandbox supports only Telegram Stars (XTR)');
  if ((ctx.params.str('provider_token') ?? '') !== '') throw badRequest('PAYMENT_PROVIDER_INVALID: provider_token must be empty for XTR');
  if (prices.length !== 1) throw badRequest('STARS_INVOICE_INVALID: invoices in Telegram Stars must contain exactly one price');
  const total = prices[0]!.amount as number;
  if (total < 1) throw badRequest('CURRENCY_TOTAL_AMOUNT_INVALID');
  const invoice = { title, description, start_parameter: ctx.params.str('start_parameter') ?? '', currency, total_amount: total };
  return postFromBot(ctx, conv, { invoice }, { markup: parseReplyMarkup(ctx.params), invoicePayload: payload });
};

const answerPreCheckoutQuery: MethodHandler = (ctx) => {
  const id = ctx.params.reqStr('pre_checkout_query_id', 'QUERY_ID_INVALID');
  const ok = ctx.params.bool('ok');
  if (ok === undefined) throw badRequest('ok is empty');
  const error = ctx.params.str('error_message');
  if (!ok && !error) throw badRequest('ERROR_MESSAGE_EMPTY');
  const meta = ctx.preCheckoutAnswers.meta(id) as { botId: number } | undefined;
  if (!meta || meta.botId !== ctx.bot.id) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  ctx.preCheckoutAnswers.settle(id, ok ? { ok } : { ok, error_message: error });
  return true;
};

const refundStarPayment: MethodHandler = (ctx) => {
  const userId = ctx.params.reqInt('user_id', 'user_id is empty');
  const chargeId = ctx.params.reqStr('telegram_payment_charge_id', 'CHARGE_ID_EMPTY');
  const charge = ctx.charges.get(chargeId);
  if (!charge || charge.botId !== ctx.bot.id || charge.userId !== userId) throw badRequest('CHARGE_NOT_FOUND');
  if (charge.refunded) throw badRequest('CHARGE_ALREADY_REFUNDED');
  charge.refunded = true;
  return true;
};

export const paymentMethods: Record<string, MethodHandler> = { sendInvoice, answerPreCheckoutQuery, refundStarPayment };

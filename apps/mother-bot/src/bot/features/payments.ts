import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { escapeHtml } from '@motherbot/core';
import { answerPreCheckout } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { announceReward } from './referral';

/**
 * Telegram Stars: the pre-checkout answer (checks clone, payer and plan, well within Telegram's
 * 10 s), the successful payment (the only thing that extends a subscription; idempotent per
 * charge id, see StarsPayments) with a receipt, and `/paysupport`, which Telegram requires of
 * every Stars seller.
 */
export function paymentsFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;

  composer.on('pre_checkout_query', async (ctx) => {
    const q = ctx.preCheckoutQuery;
    await answerPreCheckout(
      ctx,
      () => services.payments.checkPreCheckout({ userId: q.from.id, payload: q.invoice_payload, currency: q.currency, totalAmount: q.total_amount }),
      (error) => deps.logger.error('pre-checkout check failed', { error }),
    );
  });

  composer.on(message('successful_payment'), async (ctx) => {
    const p = ctx.message.successful_payment;
    try {
      const result = await services.payments.applySuccessfulPayment({
        userId: ctx.from.id,
        payload: p.invoice_payload,
        currency: p.currency,
        totalAmount: p.total_amount,
        chargeId: p.telegram_payment_charge_id,
        providerChargeId: p.provider_payment_charge_id,
      });
      if (result.referralReward) await announceReward(ctx.telegram, deps, result.referralReward);
      if (!result.applied) {
        deps.logger.info('duplicate successful_payment ignored', { cloneId: result.cloneId });
        return;
      }
      await ctx.reply(
        `🧾 Payment received — thank you!\n\n` +
          `Clone: @${escapeHtml(result.botUsername)}\nPlan: ${escapeHtml(result.plan.name)} (${result.plan.days} days)\n` +
          `Paid: ${p.total_amount} ⭐\nNow runs until: ${fmtDate(result.expiresAt)}\n` +
          `Receipt id: <code>${escapeHtml(p.telegram_payment_charge_id)}</code>\n\nQuestions about this payment: /paysupport`,
        { parse_mode: 'HTML' },
      );
    } catch (error) {
      deps.logger.error('successful payment not applied', { error, chargeId: p.telegram_payment_charge_id });
      await ctx.reply(
        `We received your payment (receipt id <code>${escapeHtml(p.telegram_payment_charge_id)}</code>) but could not apply it automatically. ` +
          'The admins were told and will fix it or refund you. /paysupport',
        { parse_mode: 'HTML' },
      );
      for (const admin of deps.config.adminIds) {
        await ctx.telegram
          .sendMessage(admin, `🔴 Payment ${p.telegram_payment_charge_id} from user ${ctx.from.id} (${p.total_amount} ⭐) could not be applied. Check the logs.`)
          .catch(() => undefined);
      }
    }
  });

  composer.command('paysupport', async (ctx) => {
    const question = ctx.message.text.replace(/^\/paysupport(@\w+)?\s*/, '').trim();
    if (!question) {
      await ctx.reply(
        'Payment support\n\n' +
          'Plans are paid in Telegram Stars and extend your clone by the plan\'s days; your receipt in this chat has a receipt id.\n' +
          'If a payment was not applied, went to the wrong clone, or you want a refund, send:\n' +
          '/paysupport <your question and the receipt id>\n' +
          'An admin answers here. Refunds go back to your Stars balance, and the paid days are taken off the clone.',
      );
      return;
    }
    const from = ctx.from;
    const text = `💬 /paysupport from ${from.id} (${escapeHtml(from.first_name)}${from.username ? ` @${escapeHtml(from.username)}` : ''}):\n${escapeHtml(question.slice(0, 3000))}`;
    for (const admin of deps.config.adminIds) await ctx.telegram.sendMessage(admin, text, { parse_mode: 'HTML' }).catch(() => undefined);
    await ctx.reply('Thank you — the admins have your message and will answer here.');
  });
  return composer;
}

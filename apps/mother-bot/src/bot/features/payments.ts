import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { escapeHtml } from '@motherbot/core';
import { answerPreCheckout } from '@motherbot/bot-kit';
import type { MotherBotDeps } from '../context';
import { fmtDate } from '../format';
import { announceReward } from './referral';
import { tr } from '../../i18n/texts';

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
    const t = tr(ctx);
    await answerPreCheckout(
      ctx,
      async () => {
        const refusal = await services.payments.checkPreCheckout({ userId: q.from.id, payload: q.invoice_payload, currency: q.currency, totalAmount: q.total_amount });
        return refusal && t(`payments.refuse.${refusal}`);
      },
      (error) => deps.logger.error('pre-checkout check failed', { error }),
      undefined,
      t('payments.checkFailed'),
    );
  });

  composer.on(message('successful_payment'), async (ctx) => {
    const p = ctx.message.successful_payment;
    const t = tr(ctx);
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
      const receipt = {
        bot: escapeHtml(result.botUsername),
        plan: escapeHtml(result.plan.name),
        count: result.plan.days,
        stars: p.total_amount,
        date: fmtDate(result.expiresAt),
        receipt: escapeHtml(p.telegram_payment_charge_id),
      };
      await ctx.reply(t('payments.receipt', receipt), { parse_mode: 'HTML' });
    } catch (error) {
      deps.logger.error('successful payment not applied', { error, chargeId: p.telegram_payment_charge_id });
      await ctx.reply(t('payments.notApplied', { receipt: escapeHtml(p.telegram_payment_charge_id) }), { parse_mode: 'HTML' });
      for (const admin of deps.config.adminIds) {
        const ta = await deps.locales.textsFor(admin);
        await ctx.telegram
          .sendMessage(admin, ta('payments.adminNotApplied', { receipt: p.telegram_payment_charge_id, userId: ctx.from.id, stars: p.total_amount }))
          .catch(() => undefined);
      }
    }
  });

  composer.command('paysupport', async (ctx) => {
    const question = ctx.message.text.replace(/^\/paysupport(@\w+)?\s*/, '').trim();
    const t = tr(ctx);
    if (!question) {
      await ctx.reply(t('payments.support'));
      return;
    }
    const from = ctx.from;
    const who = `${escapeHtml(from.first_name)}${from.username ? ` @${escapeHtml(from.username)}` : ''}`;
    for (const admin of deps.config.adminIds) {
      const ta = await deps.locales.textsFor(admin);
      const text = ta('payments.supportToAdmins', { userId: from.id, who, question: escapeHtml(question.slice(0, 3000)) });
      await ctx.telegram.sendMessage(admin, text, { parse_mode: 'HTML' }).catch(() => undefined);
    }
    await ctx.reply(t('payments.supportSent'));
  });
  return composer;
}

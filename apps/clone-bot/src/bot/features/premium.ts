import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { escapeHtml, fmtDate } from '@motherbot/core';
import { answerCallback, answerPreCheckout, button, inlineKeyboard, replyWithStarsInvoice } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { offerStillMatches, type PremiumInvoices } from '../services/premiumInvoice';
import { textsFor } from '../services/recipientTexts';
import { cloneTexts, tr } from '../../i18n/texts';
import { onAction } from './callbackRouter';

/** Pre-checkout refusals in English (tests compare with them); payers see them in their language. */
export const OFFER_GONE = cloneTexts.t('en', 'premium.offerGone');
export const INVOICE_INVALID = cloneTexts.t('en', 'premium.invoiceInvalid');
export const INVOICE_NOT_YOURS = cloneTexts.t('en', 'premium.invoiceNotYours');

/**
 * Premium sold by the clone itself in Telegram Stars: `/premium` shows the owner's offers as
 * buttons, a press sends this bot's invoice (its payload signed, naming offer and buyer), the
 * pre-checkout is answered from the cached settings (well within Telegram's 10 s) and refuses an
 * offer changed or removed since, and only `successful_payment` credits, once per charge id.
 */
export function premiumFeature(rt: CloneRuntime, invoices: PremiumInvoices): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('premium', async (ctx) => {
    const t = tr(ctx);
    const [until, s] = await Promise.all([rt.data.premium.until(ctx.from.id), rt.settings.get()]);
    const status = until ? t('premium.until', { date: fmtDate(until) }) : t('premium.notPremium');
    if (s.premiumOffers.length === 0) return ctx.reply(`${status}\n${t('premium.noneSold')}`);
    await ctx.reply(`${status}\n${until ? t('premium.offersMore') : t('premium.offers')}`, {
      reply_markup: inlineKeyboard(s.premiumOffers.map((o) => [button(t('premium.offerLabel', { count: o.days, stars: o.stars }), cb.premiumBuy(o.id))])),
    });
  });

  onAction(composer, 'premiumBuy', async (ctx, { offerId }, userId) => {
    const t = tr(ctx);
    const offer = (await rt.settings.get()).premiumOffers.find((o) => o.id === offerId);
    if (!offer) return answerCallback(ctx, t('premium.offerStale'), true);
    await answerCallback(ctx);
    await replyWithStarsInvoice(ctx, {
      title: t('premium.invoiceTitle', { count: offer.days }),
      description: t('premium.invoiceDescription', { count: offer.days, bot: rt.deps.botUsername }),
      payload: invoices.payloadFor(offer, userId),
      label: t('premium.invoiceLabel', { count: offer.days }),
      stars: offer.stars,
    });
  });

  composer.on('pre_checkout_query', async (ctx) => {
    const q = ctx.preCheckoutQuery;
    const t = tr(ctx);
    await answerPreCheckout(
      ctx,
      async () => {
        const terms = invoices.read(q.invoice_payload);
        if (!terms || q.currency !== 'XTR' || q.total_amount !== terms.stars) return t('premium.invoiceInvalid');
        if (terms.userId !== q.from.id) return t('premium.invoiceNotYours');
        const offer = (await rt.settings.get()).premiumOffers.find((o) => o.id === terms.offerId);
        return offerStillMatches(offer, terms) ? undefined : t('premium.offerGone');
      },
      (error) => rt.deps.logger.error('premium pre-checkout check failed', { error }),
      undefined,
      t('common.paymentCheckFailed'),
    );
  });

  composer.on(message('successful_payment'), async (ctx) => {
    const p = ctx.message.successful_payment;
    const chargeId = p.telegram_payment_charge_id;
    const t = tr(ctx);
    const owner = textsFor(rt, rt.deps.ownerId);
    const receipt = t('premium.receipt', { chargeId: escapeHtml(chargeId) });
    const terms = invoices.read(p.invoice_payload);
    try {
      // Telegram sends back the payload this bot signed; one that fails here was paid all the same.
      if (!terms) throw new Error('successful_payment with a payload this bot did not sign');
      const result = await rt.data.sales.credit({ chargeId, userId: ctx.from.id, offerId: terms.offerId, days: terms.days, stars: p.total_amount });
      if (!result.credited) {
        rt.deps.logger.info('duplicate successful_payment ignored', { chargeId });
        return;
      }
      await ctx.reply(`${t('premium.thanks', { date: fmtDate(result.until), stars: p.total_amount, count: terms.days })}\n${receipt}`, { parse_mode: 'HTML' });
      await tellOwner(rt, owner('premium.ownerSale', { user: ctx.from.id, count: terms.days, stars: p.total_amount, chargeId: escapeHtml(chargeId) }));
    } catch (error) {
      rt.deps.logger.error('premium payment not credited', { error, chargeId });
      await ctx.reply(`${t('premium.notCredited')}\n${receipt}`, { parse_mode: 'HTML' });
      await tellOwner(rt, owner('premium.ownerNotCredited', { chargeId: escapeHtml(chargeId), user: ctx.from.id, stars: p.total_amount }));
    }
  });
  return composer;
}

/** A note to the owner in this bot's chat (written in the owner's language by the caller); lost quietly if the owner never started it. */
export async function tellOwner(rt: CloneRuntime, html: string): Promise<void> {
  await rt.telegram.sendMessage(rt.deps.ownerId, html, { parse_mode: 'HTML' }).catch(() => undefined);
}

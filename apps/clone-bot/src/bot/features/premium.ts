import { Composer, type Context } from 'telegraf';
import { message } from 'telegraf/filters';
import { escapeHtml, fmtDate } from '@motherbot/core';
import { answerCallback, answerPreCheckout, button, inlineKeyboard, replyWithStarsInvoice } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { offerStillMatches, type PremiumInvoices } from '../services/premiumInvoice';
import { onAction, STALE_BUTTON } from './callbackRouter';
import { offerLabel } from './settings/views';

export const OFFER_GONE = 'This premium offer is no longer available: the owner changed or removed it. Nothing was charged; send /premium to see the current offers.';
export const INVOICE_INVALID = 'This invoice is not valid here. Nothing was charged; send /premium for a new one.';
export const INVOICE_NOT_YOURS = 'This invoice was made for someone else. Nothing was charged; send /premium for your own.';

/**
 * Premium sold by the clone itself in Telegram Stars: `/premium` shows the owner's offers as
 * buttons, a press sends this bot's invoice (its payload signed, naming offer and buyer), the
 * pre-checkout is answered from the cached settings (well within Telegram's 10 s) and refuses an
 * offer changed or removed since, and only `successful_payment` credits, once per charge id.
 */
export function premiumFeature(rt: CloneRuntime, invoices: PremiumInvoices): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('premium', async (ctx) => {
    const [until, s] = await Promise.all([rt.data.premium.until(ctx.from.id), rt.settings.get()]);
    const status = until ? `⭐ You are premium until ${fmtDate(until)}.` : 'You are not premium.';
    if (s.premiumOffers.length === 0) return ctx.reply(`${status}\nThis bot sells no premium right now.`);
    await ctx.reply(`${status}\nPremium users get files without link verification or daily limits. Buy${until ? ' more' : ''} with Telegram Stars:`, {
      reply_markup: inlineKeyboard(s.premiumOffers.map((o) => [button(offerLabel(o), cb.premiumBuy(o.id))])),
    });
  });

  onAction(composer, 'premiumBuy', async (ctx, { offerId }, userId) => {
    const offer = (await rt.settings.get()).premiumOffers.find((o) => o.id === offerId);
    if (!offer) return answerCallback(ctx, `${STALE_BUTTON} Send /premium for the current offers.`, true);
    await answerCallback(ctx);
    await replyWithStarsInvoice(ctx, {
      title: `Premium: ${offer.days} day${offer.days === 1 ? '' : 's'}`,
      description: `${offer.days} days of premium in @${rt.deps.botUsername}: files without link verification or daily limits.`,
      payload: invoices.payloadFor(offer, userId),
      label: `${offer.days} days`,
      stars: offer.stars,
    });
  });

  composer.on('pre_checkout_query', async (ctx) => {
    const q = ctx.preCheckoutQuery;
    await answerPreCheckout(
      ctx,
      async () => {
        const terms = invoices.read(q.invoice_payload);
        if (!terms || q.currency !== 'XTR' || q.total_amount !== terms.stars) return INVOICE_INVALID;
        if (terms.userId !== q.from.id) return INVOICE_NOT_YOURS;
        const offer = (await rt.settings.get()).premiumOffers.find((o) => o.id === terms.offerId);
        return offerStillMatches(offer, terms) ? undefined : OFFER_GONE;
      },
      (error) => rt.deps.logger.error('premium pre-checkout check failed', { error }),
    );
  });

  composer.on(message('successful_payment'), async (ctx) => {
    const p = ctx.message.successful_payment;
    const chargeId = p.telegram_payment_charge_id;
    const receipt = `Receipt id: <code>${escapeHtml(chargeId)}</code>`;
    const terms = invoices.read(p.invoice_payload);
    try {
      // Telegram sends back the payload this bot signed; one that fails here was paid all the same.
      if (!terms) throw new Error('successful_payment with a payload this bot did not sign');
      const result = await rt.data.sales.credit({ chargeId, userId: ctx.from.id, offerId: terms.offerId, days: terms.days, stars: p.total_amount });
      if (!result.credited) {
        rt.deps.logger.info('duplicate successful_payment ignored', { chargeId });
        return;
      }
      await ctx.reply(`⭐ Thank you! You are premium until <b>${fmtDate(result.until)}</b>.\nPaid: ${p.total_amount} ⭐ for ${terms.days} days.\n${receipt}`, { parse_mode: 'HTML' });
      await tellOwner(rt, `⭐ ${ctx.from.id} bought ${terms.days} days of premium for ${p.total_amount} ⭐.\nRefund: <code>/premium_refund ${escapeHtml(chargeId)}</code>`);
    } catch (error) {
      rt.deps.logger.error('premium payment not credited', { error, chargeId });
      await ctx.reply(`We received your payment but could not apply it automatically. The owner was told and will fix it or refund you.\n${receipt}`, { parse_mode: 'HTML' });
      await tellOwner(rt, `🔴 Payment <code>${escapeHtml(chargeId)}</code> from ${ctx.from.id} (${p.total_amount} ⭐) was not credited. Grant with /premium_grant or refund with /premium_refund.`);
    }
  });
  return composer;
}

/** A note to the owner in this bot's chat; lost quietly if the owner never started it. */
export async function tellOwner(rt: CloneRuntime, html: string): Promise<void> {
  await rt.telegram.sendMessage(rt.deps.ownerId, html, { parse_mode: 'HTML' }).catch(() => undefined);
}

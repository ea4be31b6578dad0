import { Composer, type Context } from 'telegraf';
import { CLONE_SETTINGS_LIMITS, fmtDate } from '@motherbot/core';
import { isChargeAlreadyRefunded, refundStarPayment } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { textsFor } from '../services/recipientTexts';
import { tr } from '../../i18n/texts';
import { managerCommand } from './managerOnly';

const USER_ID = /^\d{1,15}$/;
const CHARGE_ID = /^[A-Za-z0-9_\-.:]{1,128}$/;

/**
 * The owner's (and clone admins') hand on premium: grant or extend by user id, revoke, and
 * refund a Stars payment by its receipt id, which takes its days off the buyer's premium.
 * Every command answers what it did, or why it did nothing.
 */
export function premiumOwnerFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const { premiumDaysMax } = CLONE_SETTINGS_LIMITS;
  // The user concerned is told in the language they chose, else English (this update is the owner's).
  const notify = (userId: number, text: string) => rt.telegram.sendMessage(userId, text).catch(() => undefined);

  managerCommand(composer, rt, 'premium_grant', async (ctx, args) => {
    const t = tr(ctx);
    const [user, daysText, ...extra] = args.split(/\s+/);
    const days = Number(daysText);
    if (!USER_ID.test(user ?? '') || !Number.isInteger(days) || days < 1 || days > premiumDaysMax || extra.length > 0) {
      return ctx.reply(t('premiumOwner.grantUsage', { max: premiumDaysMax }));
    }
    const userId = Number(user);
    const until = await rt.data.premium.extend(userId, days, 'owner');
    await ctx.reply(t('premiumOwner.granted', { user: userId, date: fmtDate(until) }));
    await notify(userId, textsFor(rt, userId)('premiumOwner.grantedNotice', { date: fmtDate(until) }));
  });

  managerCommand(composer, rt, 'premium_revoke', async (ctx, args) => {
    const t = tr(ctx);
    if (!USER_ID.test(args)) return ctx.reply(t('premiumOwner.revokeUsage'));
    const had = await rt.data.premium.revoke(Number(args));
    await ctx.reply(had ? t('premiumOwner.revoked', { user: args }) : t('premiumOwner.wasNot', { user: args }));
  });

  managerCommand(composer, rt, 'premium_refund', async (ctx, args) => {
    const t = tr(ctx);
    if (!CHARGE_ID.test(args)) return ctx.reply(t('premiumOwner.refundUsage'));
    const payment = await rt.data.sales.byCharge(args);
    if (!payment) return ctx.reply(t('premiumOwner.noPayment'));
    if (payment.status === 'refunded') return ctx.reply(t('premiumOwner.alreadyRefundedOn', { date: fmtDate(payment.refundedAt) }));
    try {
      await refundStarPayment(rt.telegram, payment.userId, payment._id);
    } catch (error) {
      if (!isChargeAlreadyRefunded(error)) {
        rt.deps.logger.warn('refundStarPayment failed', { error: (error as Error).message });
        return ctx.reply(t('premiumOwner.refused', { reason: (error as { description?: string }).description ?? (error as Error).message }));
      }
    }
    const done = await rt.data.sales.markRefunded(payment._id, ctx.from!.id);
    if (!done) return ctx.reply(t('premiumOwner.alreadyRefunded'));
    const left = (tx: typeof t) => (done.until ? tx('premiumOwner.endsOn', { date: fmtDate(done.until) }) : tx('premiumOwner.ended'));
    await ctx.reply(t('premiumOwner.refunded', { stars: payment.stars, user: payment.userId, count: payment.days, left: left(t) }));
    const buyer = textsFor(rt, payment.userId);
    await notify(payment.userId, buyer('premiumOwner.refundedNotice', { stars: payment.stars, chargeId: payment._id, left: left(buyer) }));
  });
  return composer;
}

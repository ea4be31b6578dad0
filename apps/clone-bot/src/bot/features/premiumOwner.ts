import { Composer, type Context } from 'telegraf';
import { CLONE_SETTINGS_LIMITS, fmtDate } from '@motherbot/core';
import { isChargeAlreadyRefunded, refundStarPayment } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
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
  const notify = (userId: number, text: string) => rt.telegram.sendMessage(userId, text).catch(() => undefined);

  managerCommand(composer, rt, 'premium_grant', async (ctx, args) => {
    const [user, daysText, ...extra] = args.split(/\s+/);
    const days = Number(daysText);
    if (!USER_ID.test(user ?? '') || !Number.isInteger(days) || days < 1 || days > premiumDaysMax || extra.length > 0) {
      return ctx.reply(`Usage: /premium_grant <user id> <days> (1 to ${premiumDaysMax}). Days add to what the user has left.`);
    }
    const userId = Number(user);
    const until = await rt.data.premium.extend(userId, days, 'owner');
    await ctx.reply(`⭐ ${userId} is premium until ${fmtDate(until)}.`);
    await notify(userId, `⭐ You were given premium in this bot until ${fmtDate(until)}.`);
  });

  managerCommand(composer, rt, 'premium_revoke', async (ctx, args) => {
    if (!USER_ID.test(args)) return ctx.reply('Usage: /premium_revoke <user id>');
    const had = await rt.data.premium.revoke(Number(args));
    await ctx.reply(had ? `Premium of ${args} ended now.` : `${args} was not premium; nothing changed.`);
  });

  managerCommand(composer, rt, 'premium_refund', async (ctx, args) => {
    if (!CHARGE_ID.test(args)) return ctx.reply('Usage: /premium_refund <receipt id> (the buyer\'s receipt, or the note you got for the sale).');
    const payment = await rt.data.sales.byCharge(args);
    if (!payment) return ctx.reply('No payment with that receipt id in this bot.');
    if (payment.status === 'refunded') return ctx.reply(`Already refunded on ${fmtDate(payment.refundedAt)}.`);
    try {
      await refundStarPayment(rt.telegram, payment.userId, payment._id);
    } catch (error) {
      if (!isChargeAlreadyRefunded(error)) {
        rt.deps.logger.warn('refundStarPayment failed', { error: (error as Error).message });
        return ctx.reply(`Telegram refused the refund: ${(error as { description?: string }).description ?? (error as Error).message}. Nothing changed.`);
      }
    }
    const done = await rt.data.sales.markRefunded(payment._id, ctx.from!.id);
    if (!done) return ctx.reply('Already refunded.');
    const left = done.until ? `premium now ends ${fmtDate(done.until)}` : 'premium ended';
    await ctx.reply(`↩️ Refunded ${payment.stars} ⭐ to ${payment.userId}; ${payment.days} days taken off (${left}).`);
    await notify(payment.userId, `↩️ Your payment of ${payment.stars} ⭐ (receipt id ${payment._id}) was refunded to your Stars balance; ${left}.`);
  });
  return composer;
}

import { escapeHtml } from '@motherbot/core';
import type { Telegram } from 'telegraf';
import { button, refundStarPayment, type Rows } from '@motherbot/bot-kit';
import { arg, cb } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { tr } from '../../../i18n/texts';
import { need, type AdminDeps, type AdminHandler } from './adminKit';

const PAGE = 8;

/** The payment service's refund port, through bot-kit's `refundStarPayment`. */
export const refundStarsVia = (telegram: Telegram) => (userId: number, chargeId: string): Promise<void> => refundStarPayment(telegram, userId, chargeId);

/** Admin screens for payments: the list, a payment, refund with confirmation; and plans. */
export function paymentScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;
  const refArg = (args: string[]): string => need(arg.ref(args, 0));

  const plans = async (ctx: Parameters<AdminHandler>[0], note?: string): Promise<void> => {
    const t = tr(ctx);
    const all = await services.plans.listAll();
    const lines = all.map((p) => t('admin.planLine', { mark: p.active ? '🟢' : '⚪', code: p._id, name: escapeHtml(p.name), count: p.days, stars: p.priceStars }));
    const rows: Rows = all.map((p) => [button(t(p.active ? 'admin.switchOff' : 'admin.switchOn', { code: p._id }), cb.admin(p.active ? 'ploff' : 'plon', p._id))]);
    rows.push([button(t('admin.home'), cb.admin('home'))]);
    await show(ctx, `${note ? `${note}\n\n` : ''}${t('admin.plans', { lines: lines.join('\n') || t('common.none') })}`, rows);
  };

  return {
    pays: async (ctx, args) => {
      const t = tr(ctx);
      const page = arg.int(args, 0, 0, 100_000) ?? 0;
      const { payments, total } = await services.payments.list(page, PAGE);
      const pages = Math.max(1, Math.ceil(total / PAGE));
      const lines = payments.map((p) =>
        t('admin.paymentLine', {
          date: fmtDate(p.createdAt),
          amount: p.amount,
          userId: p.userId,
          cloneId: p.cloneId,
          plan: escapeHtml(p.planCode),
          status: t(p.status === 'refunded' ? 'admin.paymentRefunded' : 'admin.paymentPaid'),
        }),
      );
      const rows: Rows = payments.map((p) => [button(`${p.amount} ⭐ · ${p.userId} · ${p.status}`, cb.admin('pay', p.ref))]);
      const nav = [];
      if (page > 0) nav.push(button(t('admin.prev'), cb.admin('pays', page - 1)));
      if (page + 1 < pages) nav.push(button(t('admin.next'), cb.admin('pays', page + 1)));
      rows.push(nav, [button(t('admin.home'), cb.admin('home'))]);
      await show(ctx, t('admin.payments', { total, page: page + 1, pages, lines: lines.join('\n') || t('admin.noneYet') }), rows);
    },
    pay: async (ctx, args) => {
      const t = tr(ctx);
      const p = await services.payments.byRef(refArg(args));
      const rows: Rows = [];
      if (p.status === 'paid') rows.push([button(t('admin.refund'), cb.admin('rf', p.ref))]);
      rows.push([button(t('admin.backToPayments'), cb.admin('pays', 0))]);
      const text = t('admin.payment', {
        id: escapeHtml(p._id),
        userId: p.userId,
        cloneId: p.cloneId,
        plan: escapeHtml(p.planCode),
        count: p.days,
        amount: p.amount,
        currency: escapeHtml(p.currency),
        date: fmtDate(p.createdAt),
        status: p.status,
        refund: p.refundedAt ? t('admin.refundedBy', { date: fmtDate(p.refundedAt), by: String(p.refundedBy) }) : '',
      });
      await show(ctx, text, rows);
    },
    rf: async (ctx, args) => {
      const t = tr(ctx);
      const p = await services.payments.byRef(refArg(args));
      if (p.status !== 'paid') return t('admin.alreadyRefunded');
      await show(ctx, t('admin.confirmRefund', { amount: p.amount, userId: p.userId, count: p.days, cloneId: p.cloneId }), [
        [button(t('admin.yesRefund'), cb.admin('rfok', p.ref)), button(t('common.cancel'), cb.admin('pay', p.ref))],
      ]);
    },
    rfok: async (ctx, args, admin) => {
      const t = tr(ctx);
      const { payment: p, referral } = await services.payments.refund(refArg(args), admin, refundStarsVia(ctx.telegram));
      const note = [t('admin.refundedNote', { amount: p.amount, userId: p.userId })];
      if (referral?.outcome === 'withdrawn') note.push(t('payments.refundReferralWithdrawn', { referrer: referral.referrerId, count: referral.days }));
      if (referral?.outcome === 'spent') note.push(t('payments.refundReferralSpent', { referrer: referral.referrerId, count: referral.days, cloneId: referral.cloneId ?? '—' }));
      await show(ctx, note.join('\n\n'), [[button(t('admin.backToPayments'), cb.admin('pays', 0))]]);
      const payer = await deps.locales.textsFor(p.userId);
      await ctx.telegram.sendMessage(p.userId, payer('payments.refunded', { amount: p.amount, id: p._id })).catch(() => undefined);
      if (referral?.outcome === 'withdrawn') {
        // The referrer sees the reward gone from /referral: they are told why, once, with this refund.
        const referrer = await deps.locales.textsFor(referral.referrerId);
        await ctx.telegram.sendMessage(referral.referrerId, referrer('payments.referralWithdrawnNotice', { count: referral.days })).catch(() => undefined);
      }
      return t('admin.refunded');
    },
    plans: async (ctx) => plans(ctx),
    plon: async (ctx, args, admin) => {
      await services.plans.setActive(need(arg.code(args, 0)), true, admin);
      await plans(ctx, tr(ctx)('admin.switchedOn'));
    },
    ploff: async (ctx, args, admin) => {
      await services.plans.setActive(need(arg.code(args, 0)), false, admin);
      await plans(ctx, tr(ctx)('admin.switchedOff'));
    },
  };
}

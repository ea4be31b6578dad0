import { escapeHtml } from '@motherbot/core';
import type { Telegram } from 'telegraf';
import { button, refundStarPayment, type Rows } from '@motherbot/bot-kit';
import { arg, cb } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { need, type AdminDeps, type AdminHandler } from './adminKit';

const PAGE = 8;

/** The payment service's refund port, through bot-kit's `refundStarPayment`. */
export const refundStarsVia = (telegram: Telegram) => (userId: number, chargeId: string): Promise<void> => refundStarPayment(telegram, userId, chargeId);

/** Admin screens for payments: the list, a payment, refund with confirmation; and plans. */
export function paymentScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;
  const refArg = (args: string[]): string => need(arg.ref(args, 0));

  const plans = async (ctx: Parameters<AdminHandler>[0], note?: string): Promise<void> => {
    const all = await services.plans.listAll();
    const lines = all.map((p) => `${p.active ? '🟢' : '⚪'} <code>${p._id}</code> ${escapeHtml(p.name)} — ${p.days} days — ${p.priceStars} ⭐`);
    const rows: Rows = all.map((p) => [button(`${p.active ? 'Switch off' : 'Switch on'} ${p._id}`, cb.admin(p.active ? 'ploff' : 'plon', p._id))]);
    rows.push([button('« Admin', cb.admin('home'))]);
    await show(
      ctx,
      `${note ? `${note}\n\n` : ''}💳 Plans\n${lines.join('\n') || 'none'}\n\nAdd or change one: <code>/setplan code days stars name</code>`,
      rows,
    );
  };

  return {
    pays: async (ctx, args) => {
      const page = arg.int(args, 0, 0, 100_000) ?? 0;
      const { payments, total } = await services.payments.list(page, PAGE);
      const pages = Math.max(1, Math.ceil(total / PAGE));
      const lines = payments.map(
        (p) => `${fmtDate(p.createdAt)} · ${p.amount} ⭐ · user ${p.userId} · clone ${p.cloneId} · ${escapeHtml(p.planCode)} · ${p.status === 'refunded' ? '↩️ refunded' : 'paid'}`,
      );
      const rows: Rows = payments.map((p) => [button(`${p.amount} ⭐ · ${p.userId} · ${p.status}`, cb.admin('pay', p.ref))]);
      const nav = [];
      if (page > 0) nav.push(button('‹ Prev', cb.admin('pays', page - 1)));
      if (page + 1 < pages) nav.push(button('Next ›', cb.admin('pays', page + 1)));
      rows.push(nav, [button('« Admin', cb.admin('home'))]);
      await show(ctx, `⭐ Payments — ${total}, page ${page + 1}/${pages}\n${lines.join('\n') || 'none yet'}`, rows);
    },
    pay: async (ctx, args) => {
      const p = await services.payments.byRef(refArg(args));
      const rows: Rows = [];
      if (p.status === 'paid') rows.push([button('↩️ Refund', cb.admin('rf', p.ref))]);
      rows.push([button('« Payments', cb.admin('pays', 0))]);
      await show(
        ctx,
        `⭐ Payment <code>${escapeHtml(p._id)}</code>\nUser ${p.userId} · clone ${p.cloneId} · plan ${escapeHtml(p.planCode)} (${p.days} days)\n` +
          `${p.amount} ${escapeHtml(p.currency)} on ${fmtDate(p.createdAt)} · ${p.status}${p.refundedAt ? ` ${fmtDate(p.refundedAt)} by ${p.refundedBy}` : ''}`,
        rows,
      );
    },
    rf: async (ctx, args) => {
      const p = await services.payments.byRef(refArg(args));
      if (p.status !== 'paid') return 'Already refunded';
      await show(ctx, `Refund ${p.amount} ⭐ to user ${p.userId}? The ${p.days} paid days are taken off clone ${p.cloneId}.`, [
        [button('↩️ Yes, refund', cb.admin('rfok', p.ref)), button('Cancel', cb.admin('pay', p.ref))],
      ]);
    },
    rfok: async (ctx, args, admin) => {
      const p = await services.payments.refund(refArg(args), admin, refundStarsVia(ctx.telegram));
      await show(ctx, `↩️ Refunded ${p.amount} ⭐ to user ${p.userId}.`, [[button('« Payments', cb.admin('pays', 0))]]);
      await ctx.telegram
        .sendMessage(p.userId, `↩️ Your payment of ${p.amount} ⭐ (receipt id ${p._id}) was refunded to your Stars balance.`)
        .catch(() => undefined);
      return 'Refunded';
    },
    plans: async (ctx) => plans(ctx),
    plon: async (ctx, args, admin) => {
      await services.plans.setActive(need(arg.code(args, 0)), true, admin);
      await plans(ctx, 'Switched on.');
    },
    ploff: async (ctx, args, admin) => {
      await services.plans.setActive(need(arg.code(args, 0)), false, admin);
      await plans(ctx, 'Switched off.');
    },
  };
}

import { escapeHtml, type CloneDoc } from '@motherbot/core';
import type { Context, Telegram } from 'telegraf';
import { button, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb } from '../../callbackData';
import type { MotherBotDeps } from '../../context';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { AdminStep, need, StaleButton, type AdminDeps, type AdminHandler } from './adminKit';

const PAGE = 6;

/** The approve / reject buttons of a pending clone. */
export const approvalRows = (cloneId: string): Rows => [[button('✅ Approve', cb.admin('apr', cloneId)), button('🚫 Reject', cb.admin('rej', cloneId))]];

/** Tells every admin a new clone waits for them, with the buttons to decide. Never throws. */
export async function announcePendingClone(telegram: Telegram, deps: MotherBotDeps, clone: { cloneId: string; botUsername: string; ownerId: number }): Promise<void> {
  for (const admin of deps.config.adminIds) {
    await telegram
      .sendMessage(admin, `🕒 New clone waiting for approval: @${escapeHtml(clone.botUsername)} (owner <code>${clone.ownerId}</code>).`, {
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: [[{ text: '✅ Approve', callback_data: cb.admin('apr', clone.cloneId) }, { text: '🚫 Reject', callback_data: cb.admin('rej', clone.cloneId) }]] },
      })
      .catch(() => undefined);
  }
}

/** Tells the owner what the admins decided. Never throws. */
async function tellOwner(telegram: Telegram, clone: CloneDoc, approved: boolean, reason = ''): Promise<void> {
  const text = approved
    ? `✅ @${escapeHtml(clone.botUsername)} was approved by the admins. Starting it now — I will tell you when it answers.`
    : `🚫 @${escapeHtml(clone.botUsername)} was not approved by the admins${reason ? `: ${escapeHtml(reason)}` : '.'}\nYou can delete it from /clones.`;
  await telegram.sendMessage(clone.ownerId, text, { parse_mode: 'HTML' }).catch(() => undefined);
}

/** Admin screens for clones waiting for approval: the list, approve, reject (with an optional reason). */
export function approvalScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const list = async (ctx: Context, admin: Actor, page: number, note?: string): Promise<void> => {
    const { clones, total } = await services.approvals.pending(admin, page, PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const rows: Rows = clones.map((c) => [button(`@${c.botUsername} · ${c.ownerId} · ${fmtDate(c.createdAt)}`, cb.admin('cc', c._id))]);
    const nav = [];
    if (page > 0) nav.push(button('‹ Prev', cb.admin('pend', page - 1)));
    if (page + 1 < pages) nav.push(button('Next ›', cb.admin('pend', page + 1)));
    rows.push(nav);
    rows.push([button('« Admin', cb.admin('home'))]);
    const status = deps.config.cloneApprovalRequired ? 'on' : 'off (CLONE_APPROVAL_REQUIRED)';
    await show(ctx, `${note ? `${note}\n\n` : ''}🕒 Clones waiting for approval — ${total}, page ${page + 1}/${pages}\nApproval of new clones: ${status}`, rows);
  };

  const cloneArg = (args: string[]): string => need(arg.cloneId(args, 0));

  return {
    pend: async (ctx, args, admin) => list(ctx, admin, arg.int(args, 0, 0, 100_000) ?? 0),
    apr: async (ctx, args, admin) => {
      const clone = await services.approvals.approve(cloneArg(args), admin);
      await tellOwner(ctx.telegram, clone, true);
      await list(ctx, admin, 0, `✅ @${escapeHtml(clone.botUsername)} approved; it starts now.`);
      return 'Approved';
    },
    rej: async (ctx, args, admin) => {
      const cloneId = cloneArg(args);
      const { clone } = await services.clones.view(cloneId, admin);
      if (clone.approval !== 'pending') throw new StaleButton();
      await deps.conversations.set(admin.id, AdminStep.rejectReason, { cloneId });
      await show(ctx, `Reject @${escapeHtml(clone.botUsername)}? Send the reason the owner should read, or reject without one.`, [
        [button('🚫 Reject without a reason', cb.admin('rejok', cloneId)), button('Cancel', cb.admin('pend', 0))],
      ]);
    },
    rejok: async (ctx, args, admin) => {
      const clone = await services.approvals.reject(cloneArg(args), admin, '');
      await deps.conversations.clear(admin.id);
      await tellOwner(ctx.telegram, clone, false);
      await list(ctx, admin, 0, `🚫 @${escapeHtml(clone.botUsername)} rejected.`);
      return 'Rejected';
    },
  };
}

/** The reason typed after "Reject"; true when it consumed the message. */
export async function approvalTextInput(deps: AdminDeps, ctx: Context, step: string, data: Record<string, unknown>, text: string, admin: Actor): Promise<boolean> {
  if (step !== AdminStep.rejectReason) return false;
  const cloneId = typeof data.cloneId === 'string' ? data.cloneId : '';
  await deps.conversations.clear(admin.id);
  const clone = await deps.services.approvals.reject(cloneId, admin, text);
  await tellOwner(ctx.telegram, clone, false, text.trim().slice(0, 300));
  await ctx.reply(`🚫 @${escapeHtml(clone.botUsername)} rejected; the owner was told why.`, { reply_markup: { inline_keyboard: [[{ text: '🕒 Pending clones', callback_data: cb.admin('pend', 0) }]] } });
  return true;
}

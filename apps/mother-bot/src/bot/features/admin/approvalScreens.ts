import { escapeHtml, type CloneDoc } from '@motherbot/core';
import type { Context, Telegram } from 'telegraf';
import { button, inlineKeyboard, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb } from '../../callbackData';
import type { MotherBotDeps } from '../../context';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { tr, type MotherTranslate } from '../../../i18n/texts';
import { AdminStep, need, StaleButton, type AdminDeps, type AdminHandler } from './adminKit';
import { approvalStatus } from './platformScreens';

const PAGE = 6;

/** The approve / reject buttons of a pending clone. */
export const approvalRows = (t: MotherTranslate, cloneId: string): Rows => [[button(t('admin.approve'), cb.admin('apr', cloneId)), button(t('admin.reject'), cb.admin('rej', cloneId))]];

/** Tells every admin a new clone waits for them, with the buttons to decide. Never throws. */
export async function announcePendingClone(telegram: Telegram, deps: MotherBotDeps, clone: { cloneId: string; botUsername: string; ownerId: number }): Promise<void> {
  for (const admin of deps.config.adminIds) {
    const t = await deps.locales.textsFor(admin);
    await telegram
      .sendMessage(admin, t('admin.newPending', { bot: escapeHtml(clone.botUsername), owner: clone.ownerId }), {
        parse_mode: 'HTML',
        reply_markup: inlineKeyboard(approvalRows(t, clone.cloneId)),
      })
      .catch(() => undefined);
  }
}

/** Tells the owner what the admins decided. Never throws. */
async function tellOwner(telegram: Telegram, deps: AdminDeps, clone: CloneDoc, approved: boolean, reason = ''): Promise<void> {
  const t = await deps.locales.textsFor(clone.ownerId);
  const bot = escapeHtml(clone.botUsername);
  const text = approved ? t('approval.approved', { bot }) : reason ? t('approval.rejectedReason', { bot, reason: escapeHtml(reason) }) : t('approval.rejected', { bot });
  await telegram.sendMessage(clone.ownerId, text, { parse_mode: 'HTML' }).catch(() => undefined);
}

/** Admin screens for clones waiting for approval: the list, approve, reject (with an optional reason). */
export function approvalScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const list = async (ctx: Context, admin: Actor, page: number, note?: string): Promise<void> => {
    const t = tr(ctx);
    const { clones, total } = await services.approvals.pending(admin, page, PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const rows: Rows = clones.map((c) => [button(`@${c.botUsername} · ${c.ownerId} · ${fmtDate(c.createdAt)}`, cb.admin('cc', c._id))]);
    const nav = [];
    if (page > 0) nav.push(button(t('admin.prev'), cb.admin('pend', page - 1)));
    if (page + 1 < pages) nav.push(button(t('admin.next'), cb.admin('pend', page + 1)));
    rows.push(nav);
    rows.push([button(t('admin.home'), cb.admin('home'))]);
    const status = approvalStatus(t, await services.settings.view(admin));
    await show(ctx, `${note ? `${note}\n\n` : ''}${t('admin.pendingTitle', { total, page: page + 1, pages, status })}`, rows);
  };

  const cloneArg = (args: string[]): string => need(arg.cloneId(args, 0));

  return {
    pend: async (ctx, args, admin) => list(ctx, admin, arg.int(args, 0, 0, 100_000) ?? 0),
    apr: async (ctx, args, admin) => {
      const clone = await services.approvals.approve(cloneArg(args), admin);
      await tellOwner(ctx.telegram, deps, clone, true);
      await list(ctx, admin, 0, tr(ctx)('admin.approvedNote', { bot: escapeHtml(clone.botUsername) }));
      return tr(ctx)('admin.approved');
    },
    rej: async (ctx, args, admin) => {
      const cloneId = cloneArg(args);
      const { clone } = await services.clones.view(cloneId, admin);
      if (clone.approval !== 'pending') throw new StaleButton();
      await deps.conversations.set(admin.id, AdminStep.rejectReason, { cloneId });
      const t = tr(ctx);
      await show(ctx, t('admin.confirmReject', { bot: escapeHtml(clone.botUsername) }), [
        [button(t('admin.rejectNoReason'), cb.admin('rejok', cloneId)), button(t('common.cancel'), cb.admin('pend', 0))],
      ]);
    },
    rejok: async (ctx, args, admin) => {
      const clone = await services.approvals.reject(cloneArg(args), admin, '');
      await deps.conversations.clear(admin.id);
      await tellOwner(ctx.telegram, deps, clone, false);
      await list(ctx, admin, 0, tr(ctx)('admin.rejectedNote', { bot: escapeHtml(clone.botUsername) }));
      return tr(ctx)('admin.rejected');
    },
  };
}

/** The reason typed after "Reject"; true when it consumed the message. */
export async function approvalTextInput(deps: AdminDeps, ctx: Context, step: string, data: Record<string, unknown>, text: string, admin: Actor): Promise<boolean> {
  if (step !== AdminStep.rejectReason) return false;
  const cloneId = typeof data.cloneId === 'string' ? data.cloneId : '';
  await deps.conversations.clear(admin.id);
  const clone = await deps.services.approvals.reject(cloneId, admin, text);
  await tellOwner(ctx.telegram, deps, clone, false, text.trim().slice(0, 300));
  const t = tr(ctx);
  await ctx.reply(t('admin.rejectedTold', { bot: escapeHtml(clone.botUsername) }), { reply_markup: inlineKeyboard([[button(t('admin.pendingClones'), cb.admin('pend', 0))]]) });
  return true;
}

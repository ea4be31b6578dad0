import { escapeHtml } from '@motherbot/core';
import type { Context } from 'telegraf';
import { button, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb } from '../../callbackData';
import { cloneFacts, fmtDate } from '../../format';
import { tr } from '../../../i18n/texts';
import { show } from '../../screen';
import { AdminStep, need, StaleButton, type AdminDeps, type AdminHandler } from './adminKit';
import { approvalRows } from './approvalScreens';

const STATUS_FILTERS = ['running', 'stopped', 'errored', 'crash_loop', 'token_invalid', 'suspended'] as const;
const PAGE = 6;

/** Admin screens for clones: the filtered, paginated list, search, the card and its actions. */
export function cloneScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const list = async (ctx: Context, admin: Actor, page: number, status: string, search: string): Promise<void> => {
    const { views, total } = await services.admin.listClones(admin, { status: status || undefined, search: search || undefined }, page, PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const title = `🤖 Clones${status ? ` · ${escapeHtml(status)}` : ''}${search ? ` · “${escapeHtml(search)}”` : ''} — ${total} found, page ${page + 1}/${pages}`;
    const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername} · ${v.verdict === 'ok' ? v.clone.status : v.verdict} · ${v.clone.ownerId}`, cb.admin('cc', v.clone._id))]);
    const nav = [];
    if (page > 0) nav.push(button('‹ Prev', cb.admin('cl', page - 1, status || '-', search || '-')));
    if (page + 1 < pages) nav.push(button('Next ›', cb.admin('cl', page + 1, status || '-', search || '-')));
    rows.push(nav);
    rows.push([button(status ? 'All' : '· All ·', cb.admin('cl', 0, '-', '-')), ...STATUS_FILTERS.slice(0, 3).map((s) => button(s, cb.admin('cl', 0, s, '-')))]);
    rows.push(STATUS_FILTERS.slice(3).map((s) => button(s, cb.admin('cl', 0, s, '-'))));
    rows.push([button('🔎 Search', cb.admin('find')), button('« Admin', cb.admin('home'))]);
    await show(ctx, title, rows);
  };

  const card = async (ctx: Context, admin: Actor, cloneId: string, note?: string): Promise<void> => {
    const view = await services.clones.view(cloneId, admin);
    const { clone } = view;
    const lines = [
      note ? `${note}\n` : '',
      cloneFacts(tr(ctx), view, services.clock()),
      `Clone id: <code>${clone._id}</code> · Owner: <code>${clone.ownerId}</code>${view.ownerBanned ? ' (banned)' : ''}`,
      `Created: ${fmtDate(clone.createdAt)} · Source: ${clone.source}`,
      clone.suspended ? `Suspended ${fmtDate(clone.suspended.at)} by ${clone.suspended.by}: ${escapeHtml(clone.suspended.reason)}` : '',
      clone.approval === 'rejected' && clone.approvalReason ? `Rejected: ${escapeHtml(clone.approvalReason)}` : '',
    ].filter((l) => l !== '');
    const id = clone._id;
    const rows: Rows = [
      ...(clone.approval === 'pending' ? approvalRows(id) : []),
      [button('▶️ Start', cb.admin('start', id)), button('⏸ Stop', cb.admin('stop', id)), button('🔄 Restart', cb.admin('rst', id))],
      [clone.suspended ? button('✅ Unsuspend', cb.admin('unsus', id)) : button('⛔ Suspend', cb.admin('susp', id))],
      [button('+7 days', cb.admin('ext', id, 7)), button('+30 days', cb.admin('ext', id, 30)), button('+N days', cb.admin('extn', id))],
      [button('🧾 Last errors', cb.admin('errs', id)), button('👤 Owner', cb.admin('us', clone.ownerId))],
      [button('🗑 Delete', cb.admin('del', id)), button('« Clones', cb.admin('cl', 0, '-', '-'))],
    ];
    await show(ctx, lines.join('\n'), rows);
  };

  const cloneArg = (args: string[]): string => need(arg.cloneId(args, 0));

  return {
    cl: async (ctx, args, admin) => {
      const page = arg.int(args, 0, 0, 100_000) ?? 0;
      const status = args[1] && args[1] !== '-' ? args[1] : '';
      if (status && !(STATUS_FILTERS as readonly string[]).includes(status)) throw new StaleButton();
      const search = args[2] && args[2] !== '-' ? args[2] : '';
      await list(ctx, admin, page, status, search);
    },
    find: async (ctx, _args, admin) => {
      await deps.conversations.set(admin.id, AdminStep.searchClones);
      await show(ctx, 'Send a bot @username (or its beginning) or an owner id.', [[button('« Clones', cb.admin('cl', 0, '-', '-'))]]);
    },
    cc: async (ctx, args, admin) => card(ctx, admin, cloneArg(args)),
    start: async (ctx, args, admin) => {
      await services.clones.start(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), '▶️ Start requested.');
      return 'Started';
    },
    stop: async (ctx, args, admin) => {
      await services.clones.stop(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), '⏸ Stopped.');
      return 'Stopped';
    },
    rst: async (ctx, args, admin) => {
      await services.clones.restart(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), '🔄 Restart requested.');
      return 'Restarting';
    },
    susp: async (ctx, args, admin) => {
      await services.clones.suspend(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), '⛔ Suspended. The owner cannot start it until you unsuspend it.');
      return 'Suspended';
    },
    unsus: async (ctx, args, admin) => {
      await services.clones.unsuspend(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), '✅ Unsuspended.');
      return 'Unsuspended';
    },
    ext: async (ctx, args, admin) => {
      const days = need(arg.int(args, 1, 1, 3650));
      const result = await services.clones.extend(cloneArg(args), admin, days);
      await card(ctx, admin, cloneArg(args), `➕ Extended by ${days} days, to ${fmtDate(result.expiresAt)}.`);
      return `+${days} days`;
    },
    extn: async (ctx, args, admin) => {
      const cloneId = cloneArg(args);
      await services.clones.view(cloneId, admin);
      await deps.conversations.set(admin.id, AdminStep.extendDays, { cloneId });
      await show(ctx, 'How many days to add? Send a number from 1 to 3650.', [[button('« Back', cb.admin('cc', cloneId))]]);
    },
    errs: async (ctx, args, admin) => {
      const { clone } = await services.clones.view(cloneArg(args), admin);
      const lines = services.admin.lastErrors(clone);
      await show(ctx, `🧾 Last errors of @${escapeHtml(clone.botUsername)}\n${lines.length ? lines.map(escapeHtml).join('\n') : 'none recorded'}`, [
        [button('« Back', cb.admin('cc', clone._id))],
      ]);
    },
    del: async (ctx, args, admin) => {
      const { clone } = await services.clones.view(cloneArg(args), admin);
      await show(ctx, `Delete @${escapeHtml(clone.botUsername)} (owner ${clone.ownerId})? The worker stops; data is kept ${services.retention.retentionDays} days.`, [
        [button('🗑 Yes, delete', cb.admin('delok', clone._id)), button('Cancel', cb.admin('cc', clone._id))],
      ]);
    },
    delok: async (ctx, args, admin) => {
      const clone = await services.clones.remove(cloneArg(args), admin);
      await show(ctx, `🗑 @${escapeHtml(clone.botUsername)} deleted.`, [[button('« Clones', cb.admin('cl', 0, '-', '-'))]]);
      return 'Deleted';
    },
  };
}

/** Text input for the clone screens; true when it consumed the message. */
export async function cloneTextInput(deps: AdminDeps, ctx: Context, step: string, data: Record<string, unknown>, text: string, admin: Actor, handlers: Record<string, AdminHandler>): Promise<boolean> {
  if (step === AdminStep.searchClones) {
    await deps.conversations.clear(admin.id);
    const search = text.trim().slice(0, 32).replace(/[^A-Za-z0-9_@]/g, '');
    await handlers.cl!(ctx, ['0', '-', search || '-'], admin);
    return true;
  }
  if (step === AdminStep.extendDays) {
    const days = /^\s*\d{1,4}\s*$/.test(text) ? Number(text) : NaN;
    if (!(days >= 1 && days <= 3650)) {
      await ctx.reply('Send a whole number of days from 1 to 3650, or /cancel.');
      return true;
    }
    await deps.conversations.clear(admin.id);
    await handlers.ext!(ctx, [String(data.cloneId ?? ''), String(days)], admin);
    return true;
  }
  return false;
}

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
import { cloneErrorLines } from './cloneErrorTexts';

const STATUS_FILTERS = ['running', 'stopped', 'errored', 'crash_loop', 'token_invalid', 'suspended'] as const;
const PAGE = 6;

/** Admin screens for clones: the filtered, paginated list, search, the card and its actions. */
export function cloneScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const list = async (ctx: Context, admin: Actor, page: number, status: string, search: string): Promise<void> => {
    const t = tr(ctx);
    const { views, total } = await services.admin.listClones(admin, { status: status || undefined, search: search || undefined }, page, PAGE);
    const pages = Math.max(1, Math.ceil(total / PAGE));
    const filter = `${status ? ` · ${escapeHtml(status)}` : ''}${search ? ` · “${escapeHtml(search)}”` : ''}`;
    const title = t('admin.clonesTitle', { filter, total, page: page + 1, pages });
    const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername} · ${v.verdict === 'ok' ? v.clone.status : v.verdict} · ${v.clone.ownerId}`, cb.admin('cc', v.clone._id))]);
    const nav = [];
    if (page > 0) nav.push(button(t('admin.prev'), cb.admin('cl', page - 1, status || '-', search || '-')));
    if (page + 1 < pages) nav.push(button(t('admin.next'), cb.admin('cl', page + 1, status || '-', search || '-')));
    rows.push(nav);
    rows.push([button(t(status ? 'admin.all' : 'admin.allSelected'), cb.admin('cl', 0, '-', '-')), ...STATUS_FILTERS.slice(0, 3).map((s) => button(s, cb.admin('cl', 0, s, '-')))]);
    rows.push(STATUS_FILTERS.slice(3).map((s) => button(s, cb.admin('cl', 0, s, '-'))));
    rows.push([button(t('admin.search'), cb.admin('find')), button(t('admin.home'), cb.admin('home'))]);
    await show(ctx, title, rows);
  };

  const card = async (ctx: Context, admin: Actor, cloneId: string, note?: string): Promise<void> => {
    const t = tr(ctx);
    const view = await services.clones.view(cloneId, admin);
    const { clone } = view;
    const lines = [
      note ? `${note}\n` : '',
      cloneFacts(t, view, services.clock()),
      t('admin.cloneIds', { id: clone._id, owner: clone.ownerId, banned: view.ownerBanned ? t('admin.bannedMark') : '' }),
      t('admin.cloneCreated', { date: fmtDate(clone.createdAt), source: clone.source }),
      clone.suspended ? t('admin.cloneSuspended', { date: fmtDate(clone.suspended.at), by: clone.suspended.by, reason: escapeHtml(clone.suspended.reason) }) : '',
      clone.approval === 'rejected' && clone.approvalReason ? t('admin.cloneRejected', { reason: escapeHtml(clone.approvalReason) }) : '',
    ].filter((l) => l !== '');
    const id = clone._id;
    const rows: Rows = [
      ...(clone.approval === 'pending' ? approvalRows(t, id) : []),
      [button(t('admin.start'), cb.admin('start', id)), button(t('admin.stop'), cb.admin('stop', id)), button(t('admin.restart'), cb.admin('rst', id))],
      [clone.suspended ? button(t('admin.unsuspend'), cb.admin('unsus', id)) : button(t('admin.suspend'), cb.admin('susp', id))],
      [button(t('admin.plusDays', { count: 7 }), cb.admin('ext', id, 7)), button(t('admin.plusDays', { count: 30 }), cb.admin('ext', id, 30)), button(t('admin.plusN'), cb.admin('extn', id))],
      [button(t('admin.lastErrors'), cb.admin('errs', id)), button(t('admin.owner'), cb.admin('us', clone.ownerId))],
      [button(t('admin.delete'), cb.admin('del', id)), button(t('admin.backToClones'), cb.admin('cl', 0, '-', '-'))],
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
      const t = tr(ctx);
      await show(ctx, t('admin.findClone'), [[button(t('admin.backToClones'), cb.admin('cl', 0, '-', '-'))]]);
    },
    cc: async (ctx, args, admin) => card(ctx, admin, cloneArg(args)),
    start: async (ctx, args, admin) => {
      await services.clones.start(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.startRequested'));
      return tr(ctx)('admin.started');
    },
    stop: async (ctx, args, admin) => {
      await services.clones.stop(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.stoppedNote'));
      return tr(ctx)('admin.stopped');
    },
    rst: async (ctx, args, admin) => {
      await services.clones.restart(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.restartRequested'));
      return tr(ctx)('admin.restarting');
    },
    susp: async (ctx, args, admin) => {
      await services.clones.suspend(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.suspendedNote'));
      return tr(ctx)('admin.suspended');
    },
    unsus: async (ctx, args, admin) => {
      await services.clones.unsuspend(cloneArg(args), admin);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.unsuspendedNote'));
      return tr(ctx)('admin.unsuspended');
    },
    ext: async (ctx, args, admin) => {
      const days = need(arg.int(args, 1, 1, 3650));
      const result = await services.clones.extend(cloneArg(args), admin, days);
      await card(ctx, admin, cloneArg(args), tr(ctx)('admin.extended', { count: days, date: fmtDate(result.expiresAt) }));
      return tr(ctx)('admin.plusDays', { count: days });
    },
    extn: async (ctx, args, admin) => {
      const cloneId = cloneArg(args);
      await services.clones.view(cloneId, admin);
      await deps.conversations.set(admin.id, AdminStep.extendDays, { cloneId });
      await show(ctx, tr(ctx)('admin.askDays'), [[button(tr(ctx)('common.back'), cb.admin('cc', cloneId))]]);
    },
    errs: async (ctx, args, admin) => {
      const { clone } = await services.clones.view(cloneArg(args), admin);
      const t = tr(ctx);
      const lines = cloneErrorLines(clone, t);
      await show(ctx, t('admin.lastErrorsTitle', { bot: escapeHtml(clone.botUsername), lines: lines.length ? lines.join('\n') : t('admin.noneRecorded') }), [
        [button(t('common.back'), cb.admin('cc', clone._id))],
      ]);
    },
    del: async (ctx, args, admin) => {
      const { clone } = await services.clones.view(cloneArg(args), admin);
      const t = tr(ctx);
      await show(ctx, t('admin.confirmDelete', { bot: escapeHtml(clone.botUsername), owner: clone.ownerId, count: services.retention.retentionDays }), [
        [button(t('admin.yesDelete'), cb.admin('delok', clone._id)), button(t('common.cancel'), cb.admin('cc', clone._id))],
      ]);
    },
    delok: async (ctx, args, admin) => {
      const clone = await services.clones.remove(cloneArg(args), admin);
      const t = tr(ctx);
      await show(ctx, t('admin.cloneDeleted', { bot: escapeHtml(clone.botUsername) }), [[button(t('admin.backToClones'), cb.admin('cl', 0, '-', '-'))]]);
      return t('common.deleted');
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
      await ctx.reply(tr(ctx)('admin.badDays'));
      return true;
    }
    await deps.conversations.clear(admin.id);
    await handlers.ext!(ctx, [String(data.cloneId ?? ''), String(days)], admin);
    return true;
  }
  return false;
}

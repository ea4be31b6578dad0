import { Composer, type Context } from 'telegraf';
import { AppError, escapeHtml } from '@motherbot/core';
import { answerCallback, button, callbackData, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb, decodeAdmin } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { tr, type MotherTranslate } from '../../../i18n/texts';
import { StaleButton, type AdminDeps, type AdminHandler } from './adminKit';
import { approvalScreens, approvalTextInput } from './approvalScreens';
import { broadcastScreens, broadcastTextInput } from './broadcastScreens';
import { cloneScreens, cloneTextInput } from './cloneScreens';
import { paymentScreens } from './paymentScreens';
import { platformScreens, platformTextInput } from './platformScreens';
import { userScreens, userTextInput } from './userScreens';

const AUDIT_PAGE = 10;

/**
 * The admin panel (`/admin`), for ADMIN_IDS only: to anyone else `/admin` falls through to
 * "unknown command", and an `a:` button answers "not for you". Screens edit one message;
 * every action goes through a service that checks the admin again and writes the audit log.
 */
export function adminFeature(deps: AdminDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;
  const adminOf = (ctx: Context): Actor | undefined => (ctx.from && deps.isAdmin(ctx.from.id) ? { id: ctx.from.id, isAdmin: true } : undefined);

  const home = async (ctx: Context): Promise<void> => {
    const t = tr(ctx);
    await show(ctx, t('admin.title'), [
      [button(t('admin.dashboardButton'), cb.admin('dash')), button(t('admin.clonesButton'), cb.admin('cl', 0, '-', '-'))],
      [button(t('admin.usersButton'), cb.admin('ufind')), button(t('admin.paymentsButton'), cb.admin('pays', 0))],
      [button(t('admin.plansButton'), cb.admin('plans')), button(t('admin.auditButton'), cb.admin('audit', 0))],
      [button(t('admin.broadcastButton'), cb.admin('bc')), button(t('admin.pendingButton'), cb.admin('pend', 0))],
      [button(t('platform.button'), cb.admin('plat'))],
    ]);
  };

  const handlers: Record<string, AdminHandler> = {
    ...cloneScreens(deps),
    ...userScreens(deps),
    ...paymentScreens(deps),
    ...broadcastScreens(deps),
    ...approvalScreens(deps),
    ...platformScreens(deps),
    home: async (ctx) => home(ctx),
    dash: async (ctx, _args, admin) => {
      const t = tr(ctx);
      const d = await services.admin.dashboard(admin);
      const statuses = Object.entries(d.clonesByStatus).map(([s, n]) => `${escapeHtml(s)} ${n}`).join(' · ') || '—';
      const text = t('admin.dashboard', {
        users: d.users,
        banned: d.bannedUsers,
        clones: d.clones,
        statuses,
        deleted: d.deletedClones,
        active: d.activeSubscriptions,
        expiring: d.expiringIn3Days,
        stars: d.stars30Days,
        load: d.host.loadAverage.join(' / '),
        cpus: d.host.cpus,
        freeMb: d.host.freeMemMb,
        totalMb: d.host.totalMemMb,
        uptime: d.host.uptimeHours,
        rssMb: d.host.motherRssMb,
      });
      await show(ctx, text, [[button(t('admin.refresh'), cb.admin('dash')), button(t('admin.home'), cb.admin('home'))]]);
    },
    audit: async (ctx, args) => {
      const t = tr(ctx);
      const total0 = await services.audit.page(0, 1);
      const pages = Math.max(1, Math.ceil(total0.total / AUDIT_PAGE));
      const page = Math.min(arg.int(args, 0, 0, 1_000_000) ?? 0, pages - 1);
      const { events, total } = await services.audit.page(page, AUDIT_PAGE);
      const lines = events.map((e) => {
        const details = JSON.stringify(e.details ?? {});
        return `${fmtDate(e.at)} · ${e.actorRole} ${e.actorId} · <b>${escapeHtml(e.action)}</b> ${escapeHtml(e.targetType)} ${escapeHtml(e.targetId)}${details !== '{}' ? ` ${escapeHtml(details.slice(0, 120))}` : ''}`;
      });
      const nav = [];
      if (page > 0) nav.push(button(t('admin.newer'), cb.admin('audit', page - 1)));
      if (page + 1 < pages) nav.push(button(t('admin.older'), cb.admin('audit', page + 1)));
      const rows: Rows = [nav, [button(t('admin.home'), cb.admin('home'))]];
      await show(ctx, t('admin.audit', { total, page: page + 1, pages, lines: lines.join('\n') || t('admin.empty') }), rows);
    },
  };

  composer.command('admin', async (ctx, next) => {
    if (!adminOf(ctx)) return next();
    await deps.conversations.clear(ctx.from.id);
    await home(ctx);
  });

  composer.command('setplan', async (ctx, next) => {
    const admin = adminOf(ctx);
    if (!admin) return next();
    const t = tr(ctx);
    const m = /^\/setplan(?:@\w+)?\s+([a-z0-9_]{1,16})\s+(\d{1,4})\s+(\d{1,6})\s+(.{1,64})$/s.exec(ctx.message.text.trim());
    if (!m) {
      await ctx.reply(t('admin.setplanUsage'));
      return;
    }
    const plan = await services.plans.save({ code: m[1]!, days: Number(m[2]), priceStars: Number(m[3]), name: m[4]! }, admin).catch(async (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      await ctx.reply(adminErrorText(t, error)); // e.g. 0 days: refused by the plan service (fuzzMother.test.ts)
      return undefined;
    });
    if (!plan) return;
    await ctx.reply(t('admin.planSaved', { code: plan._id, name: escapeHtml(plan.name), count: plan.days, stars: plan.priceStars }), { parse_mode: 'HTML' });
  });

  composer.action(/^a:/, async (ctx) => {
    const admin = adminOf(ctx);
    if (!admin) return answerCallback(ctx, tr(ctx)('common.notYours'));
    const decoded = decodeAdmin(callbackData(ctx));
    const handler = decoded && handlers[decoded.action];
    if (!decoded || !handler) return answerCallback(ctx, tr(ctx)('common.staleButton'));
    try {
      const toast = await handler(ctx, decoded.args, admin);
      await answerCallback(ctx, toast ?? undefined);
    } catch (error) {
      if (error instanceof StaleButton) return answerCallback(ctx, tr(ctx)('common.staleButton'));
      if (error instanceof AppError) return answerCallback(ctx, adminErrorText(tr(ctx), error), true);
      throw error;
    }
  });

  composer.on('text', async (ctx, next) => {
    const admin = adminOf(ctx);
    if (!admin || ctx.message.text.startsWith('/')) return next();
    const state = await deps.conversations.get(admin.id);
    if (!state || !state.step.startsWith('admin_')) return next();
    try {
      if (await cloneTextInput(deps, ctx, state.step, state.data, ctx.message.text, admin, handlers)) return;
      if (await userTextInput(deps, ctx, state.step, ctx.message.text, admin, handlers)) return;
      if (await broadcastTextInput(deps, ctx, state.step, admin)) return;
      if (await approvalTextInput(deps, ctx, state.step, state.data, ctx.message.text, admin)) return;
      if (await platformTextInput(deps, ctx, state.step, ctx.message.text, admin)) return;
    } catch (error) {
      if (error instanceof AppError || error instanceof StaleButton) {
        await ctx.reply(error instanceof AppError ? adminErrorText(tr(ctx), error) : tr(ctx)('common.staleButton'));
        return;
      }
      throw error;
    }
    return next();
  });
  return composer;
}

function adminErrorText(t: MotherTranslate, error: AppError): string {
  switch (error.code) {
    case 'CLONE_NOT_FOUND':
      return t('admin.err.cloneGone');
    case 'PAYMENT_NOT_FOUND':
      return t('admin.err.noPayment');
    case 'ALREADY_REFUNDED':
      return t('admin.err.alreadyRefunded');
    case 'CANNOT_BAN_ADMIN':
      return t('admin.err.cannotBanAdmin');
    case 'PLAN_NOT_FOUND':
      return t('admin.err.noPlan');
    case 'NOT_PENDING_APPROVAL':
      return t('admin.err.notPending');
    default:
      return t('admin.err.other', { message: error.message });
  }
}

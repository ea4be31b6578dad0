import { Composer, type Context } from 'telegraf';
import { AppError, escapeHtml } from '@motherbot/core';
import { answerCallback, button, callbackData, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb, decodeAdmin } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { tr } from '../../../i18n/texts';
import { StaleButton, type AdminDeps, type AdminHandler } from './adminKit';
import { approvalScreens, approvalTextInput } from './approvalScreens';
import { broadcastScreens, broadcastTextInput } from './broadcastScreens';
import { cloneScreens, cloneTextInput } from './cloneScreens';
import { paymentScreens } from './paymentScreens';
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
    await show(ctx, '🛠 Admin panel', [
      [button('📊 Dashboard', cb.admin('dash')), button('🤖 Clones', cb.admin('cl', 0, '-', '-'))],
      [button('👤 Users', cb.admin('ufind')), button('⭐ Payments', cb.admin('pays', 0))],
      [button('💳 Plans', cb.admin('plans')), button('📜 Audit log', cb.admin('audit', 0))],
      [button('📣 Broadcast', cb.admin('bc')), button('🕒 Pending approval', cb.admin('pend', 0))],
    ]);
  };

  const handlers: Record<string, AdminHandler> = {
    ...cloneScreens(deps),
    ...userScreens(deps),
    ...paymentScreens(deps),
    ...broadcastScreens(deps),
    ...approvalScreens(deps),
    home: async (ctx) => home(ctx),
    dash: async (ctx, _args, admin) => {
      const d = await services.admin.dashboard(admin);
      const statuses = Object.entries(d.clonesByStatus).map(([s, n]) => `${escapeHtml(s)} ${n}`).join(' · ') || '—';
      await show(
        ctx,
        [
          '📊 Dashboard',
          `Users: ${d.users} (banned ${d.bannedUsers})`,
          `Clones: ${d.clones} (${statuses}); deleted, awaiting purge: ${d.deletedClones}`,
          `Subscriptions: ${d.activeSubscriptions} active, ${d.expiringIn3Days} expiring within 3 days`,
          `Stars in the last 30 days: ${d.stars30Days} ⭐`,
          `Host: load ${d.host.loadAverage.join(' / ')} on ${d.host.cpus} CPUs · memory ${d.host.freeMemMb} MB free of ${d.host.totalMemMb} MB · up ${d.host.uptimeHours} h · mother ${d.host.motherRssMb} MB`,
        ].join('\n'),
        [[button('🔄 Refresh', cb.admin('dash')), button('« Admin', cb.admin('home'))]],
      );
    },
    audit: async (ctx, args) => {
      const total0 = await services.audit.page(0, 1);
      const pages = Math.max(1, Math.ceil(total0.total / AUDIT_PAGE));
      const page = Math.min(arg.int(args, 0, 0, 1_000_000) ?? 0, pages - 1);
      const { events, total } = await services.audit.page(page, AUDIT_PAGE);
      const lines = events.map((e) => {
        const details = JSON.stringify(e.details ?? {});
        return `${fmtDate(e.at)} · ${e.actorRole} ${e.actorId} · <b>${escapeHtml(e.action)}</b> ${escapeHtml(e.targetType)} ${escapeHtml(e.targetId)}${details !== '{}' ? ` ${escapeHtml(details.slice(0, 120))}` : ''}`;
      });
      const nav = [];
      if (page > 0) nav.push(button('‹ Newer', cb.admin('audit', page - 1)));
      if (page + 1 < pages) nav.push(button('Older ›', cb.admin('audit', page + 1)));
      const rows: Rows = [nav, [button('« Admin', cb.admin('home'))]];
      await show(ctx, `📜 Audit log — ${total} events, page ${page + 1}/${pages}\n${lines.join('\n') || 'empty'}`, rows);
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
    const m = /^\/setplan(?:@\w+)?\s+([a-z0-9_]{1,16})\s+(\d{1,4})\s+(\d{1,6})\s+(.{1,64})$/s.exec(ctx.message.text.trim());
    if (!m) {
      await ctx.reply('Usage: /setplan code days stars name — e.g. /setplan m6 180 500 Six months');
      return;
    }
    const plan = await services.plans.save({ code: m[1]!, days: Number(m[2]), priceStars: Number(m[3]), name: m[4]! }, admin).catch(async (error: unknown) => {
      if (!(error instanceof AppError)) throw error;
      await ctx.reply(adminErrorText(error)); // e.g. 0 days: refused by the plan service (fuzzMother.test.ts)
      return undefined;
    });
    if (!plan) return;
    await ctx.reply(`Saved plan ${plan._id}: ${escapeHtml(plan.name)}, ${plan.days} days, ${plan.priceStars} ⭐.`, { parse_mode: 'HTML' });
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
      if (error instanceof AppError) return answerCallback(ctx, adminErrorText(error), true);
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
    } catch (error) {
      if (error instanceof AppError || error instanceof StaleButton) {
        await ctx.reply(error instanceof AppError ? adminErrorText(error) : tr(ctx)('common.staleButton'));
        return;
      }
      throw error;
    }
    return next();
  });
  return composer;
}

function adminErrorText(error: AppError): string {
  switch (error.code) {
    case 'CLONE_NOT_FOUND':
      return 'That clone does not exist any more.';
    case 'PAYMENT_NOT_FOUND':
      return 'No such payment.';
    case 'ALREADY_REFUNDED':
      return 'This payment was already refunded.';
    case 'CANNOT_BAN_ADMIN':
      return 'Admins cannot be banned.';
    case 'PLAN_NOT_FOUND':
      return 'No such plan (or invalid values).';
    case 'NOT_PENDING_APPROVAL':
      return 'This clone is not waiting for approval (decided already).';
    default:
      return `Not done: ${error.message}`;
  }
}

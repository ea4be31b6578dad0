import { escapeHtml } from '@motherbot/core';
import type { Context } from 'telegraf';
import { button, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { tr } from '../../../i18n/texts';
import { AdminStep, need, type AdminDeps, type AdminHandler } from './adminKit';

/** Admin screens for users: look up, the user card, ban and unban. */
export function userScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const card = async (ctx: Context, admin: Actor, userId: number, note?: string): Promise<void> => {
    const t = tr(ctx);
    const v = await services.admin.userView(admin, userId);
    const u = v.user;
    const lines = [
      note ? `${note}\n` : '',
      t('admin.userTitle', { id: v.userId, admin: v.isAdmin ? t('admin.adminMark') : '' }),
      u ? t('admin.userName', { name: escapeHtml(u.firstName ?? ''), username: u.username ? ` @${escapeHtml(u.username)}` : '', date: fmtDate(u.lastSeenAt ?? null) }) : t('admin.userNever'),
      u?.banned ? t('admin.userBanned', { date: fmtDate(u.bannedAt ?? null), by: u.bannedBy ?? '?' }) : t('admin.userNotBanned'),
      t('admin.userClones', { clones: v.clones.length ? v.clones.map((c) => `@${escapeHtml(c.botUsername)}`).join(', ') : t('common.none') }),
      t('admin.userPayments', { count: v.payments }),
    ].filter((l) => l !== '');
    const rows: Rows = v.clones.map((c) => [button(`@${c.botUsername}`, cb.admin('cc', c._id))]);
    if (!v.isAdmin) rows.push([u?.banned ? button(t('admin.unban'), cb.admin('unban', v.userId)) : button(t('admin.ban'), cb.admin('ban', v.userId))]);
    rows.push([button(t('admin.anotherUser'), cb.admin('ufind')), button(t('admin.home'), cb.admin('home'))]);
    await show(ctx, lines.join('\n'), rows);
  };
  const userArg = (args: string[]): number => need(arg.int(args, 0, 1, Number.MAX_SAFE_INTEGER));

  return {
    ufind: async (ctx, _args, admin) => {
      await deps.conversations.set(admin.id, AdminStep.findUser);
      const t = tr(ctx);
      await show(ctx, t('admin.findUser'), [[button(t('admin.home'), cb.admin('home'))]]);
    },
    us: async (ctx, args, admin) => card(ctx, admin, userArg(args)),
    ban: async (ctx, args, admin) => {
      await services.admin.ban(admin, userArg(args));
      await card(ctx, admin, userArg(args), tr(ctx)('admin.bannedNote'));
      return tr(ctx)('admin.banned');
    },
    unban: async (ctx, args, admin) => {
      await services.admin.unban(admin, userArg(args));
      await card(ctx, admin, userArg(args), tr(ctx)('admin.unbannedNote'));
      return tr(ctx)('admin.unbanned');
    },
  };
}

export async function userTextInput(deps: AdminDeps, ctx: Context, step: string, text: string, admin: Actor, handlers: Record<string, AdminHandler>): Promise<boolean> {
  if (step !== AdminStep.findUser) return false;
  await deps.conversations.clear(admin.id);
  const found = await deps.services.admin.findUser(admin, text.slice(0, 64));
  if (!found) {
    await ctx.reply(tr(ctx)('admin.noSuchUser'));
    return true;
  }
  await handlers.us!(ctx, [String(found.userId)], admin);
  return true;
}

import { escapeHtml } from '@motherbot/core';
import type { Context } from 'telegraf';
import { button, type Rows } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { arg, cb } from '../../callbackData';
import { fmtDate } from '../../format';
import { show } from '../../screen';
import { AdminStep, need, type AdminDeps, type AdminHandler } from './adminKit';

/** Admin screens for users: look up, the user card, ban and unban. */
export function userScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;

  const card = async (ctx: Context, admin: Actor, userId: number, note?: string): Promise<void> => {
    const v = await services.admin.userView(admin, userId);
    const u = v.user;
    const lines = [
      note ? `${note}\n` : '',
      `👤 User <code>${v.userId}</code>${v.isAdmin ? ' (admin)' : ''}`,
      u ? `Name: ${escapeHtml(u.firstName ?? '')}${u.username ? ` @${escapeHtml(u.username)}` : ''} · last seen ${fmtDate(u.lastSeenAt ?? null)}` : 'Never wrote to the mother bot.',
      `Banned: ${u?.banned ? `yes, since ${fmtDate(u.bannedAt ?? null)} by ${u.bannedBy ?? '?'}` : 'no'}`,
      `Clones: ${v.clones.length ? v.clones.map((c) => `@${escapeHtml(c.botUsername)}`).join(', ') : 'none'}`,
      `Payments: ${v.payments}`,
    ].filter((l) => l !== '');
    const rows: Rows = v.clones.map((c) => [button(`@${c.botUsername}`, cb.admin('cc', c._id))]);
    if (!v.isAdmin) rows.push([u?.banned ? button('✅ Unban', cb.admin('unban', v.userId)) : button('⛔ Ban', cb.admin('ban', v.userId))]);
    rows.push([button('🔎 Another user', cb.admin('ufind')), button('« Admin', cb.admin('home'))]);
    await show(ctx, lines.join('\n'), rows);
  };
  const userArg = (args: string[]): number => need(arg.int(args, 0, 1, Number.MAX_SAFE_INTEGER));

  return {
    ufind: async (ctx, _args, admin) => {
      await deps.conversations.set(admin.id, AdminStep.findUser);
      await show(ctx, 'Send a user id or @username.', [[button('« Admin', cb.admin('home'))]]);
    },
    us: async (ctx, args, admin) => card(ctx, admin, userArg(args)),
    ban: async (ctx, args, admin) => {
      await services.admin.ban(admin, userArg(args));
      await card(ctx, admin, userArg(args), '⛔ Banned: their clones stop and the mother ignores them.');
      return 'Banned';
    },
    unban: async (ctx, args, admin) => {
      await services.admin.unban(admin, userArg(args));
      await card(ctx, admin, userArg(args), '✅ Unbanned.');
      return 'Unbanned';
    },
  };
}

export async function userTextInput(deps: AdminDeps, ctx: Context, step: string, text: string, admin: Actor, handlers: Record<string, AdminHandler>): Promise<boolean> {
  if (step !== AdminStep.findUser) return false;
  await deps.conversations.clear(admin.id);
  const found = await deps.services.admin.findUser(admin, text.slice(0, 64));
  if (!found) {
    await ctx.reply('No such user. Send /admin to go back.');
    return true;
  }
  await handlers.us!(ctx, [String(found.userId)], admin);
  return true;
}

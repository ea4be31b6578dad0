import type { Context } from 'telegraf';
import { button, inlineKeyboard } from '@motherbot/bot-kit';
import type { Actor } from '../../../services/actor';
import { cb } from '../../callbackData';
import { show } from '../../screen';
import { tr } from '../../../i18n/texts';
import { AdminStep, StaleButton, type AdminDeps, type AdminHandler } from './adminKit';

/** 📣 Broadcast: the latest broadcast's progress, then "send me the message", a preview count, confirm. */
export function broadcastScreens(deps: AdminDeps): Record<string, AdminHandler> {
  const { services } = deps;
  return {
    bc: async (ctx, _args, admin) => {
      const t = tr(ctx);
      const last = await services.broadcast.latest(admin);
      await deps.conversations.set(admin.id, AdminStep.broadcast);
      const status = last
        ? `${t('admin.bcLatest', { status: last.status, sent: last.sent, blocked: last.blocked, failed: last.failed, unknown: last.unknown, pending: last.pending, total: last.total })}\n\n`
        : '';
      await show(ctx, t('admin.bcAsk', { status }), [[button(t('admin.home'), cb.admin('home'))]]);
    },
    bcok: async (ctx, _args, admin) => {
      const state = await deps.conversations.get(admin.id);
      const messageId = Number(state?.data.messageId);
      if (state?.step !== AdminStep.broadcast || !Number.isSafeInteger(messageId)) throw new StaleButton();
      await deps.conversations.clear(admin.id);
      const { recipients } = await services.broadcast.launch(admin, { kind: 'copy', fromChatId: admin.id, messageId });
      const t = tr(ctx);
      await show(ctx, t('admin.bcStarted', { count: recipients }), [[button(t('admin.home'), cb.admin('home'))]]);
      return t('admin.started');
    },
  };
}

/** The admin's message to broadcast: remembered, then a confirmation with the audience size. */
export async function broadcastTextInput(deps: AdminDeps, ctx: Context, step: string, admin: Actor): Promise<boolean> {
  if (step !== AdminStep.broadcast || !ctx.message) return false;
  await deps.conversations.set(admin.id, AdminStep.broadcast, { messageId: ctx.message.message_id });
  const audience = await deps.services.broadcast.audienceSize(admin);
  const t = tr(ctx);
  await ctx.reply(t('admin.bcConfirm', { count: audience }), {
    reply_markup: inlineKeyboard([[button(t('admin.bcSend'), cb.admin('bcok')), button(t('common.cancel'), cb.admin('home'))]]),
  });
  return true;
}

import { Composer, type Context } from 'telegraf';
import { AppError, escapeHtml, type CloneView } from '@motherbot/core';
import { answerCallback, button, callbackData, replyWithStarsInvoice, type Rows } from '@motherbot/bot-kit';
import { cb, decodeOwner, decodePay, LEGACY_MY_CLONES } from '../callbackData';
import type { MotherBotDeps } from '../context';
import { botLine, cloneFacts, fmtDate } from '../format';
import { Callback } from '../keyboards';
import { show, STALE_BUTTON } from '../screen';

export const AWAIT_NEW_TOKEN = 'await_new_token';

/**
 * "My clones": a card per clone and the owner's actions (start, stop, restart, renew, new
 * token, delete with confirmation). Each press is re-checked by the services against the
 * presser: another owner's clone id, or a clone deleted since, is politely refused.
 */
export function myClonesFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;
  const actor = (ctx: Context) => ({ id: ctx.from!.id, isAdmin: deps.isAdmin(ctx.from!.id) });
  const now = (): Date => services.clock();

  const listScreen = async (ctx: Context): Promise<void> => {
    const views = await services.clones.listOwned(ctx.from!.id);
    if (views.length === 0) {
      await show(ctx, 'You have no clones yet.', [[button('➕ Create a clone', Callback.newClone)]]);
      return;
    }
    const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername}`, cb.owner('card', v.clone._id))]);
    rows.push([button('➕ Create a clone', Callback.newClone)]);
    await show(ctx, `Your clones (${views.length}). Pick one:`, rows);
  };

  const cardRows = (view: CloneView): Rows => {
    const id = view.clone._id;
    const running = view.clone.desiredRunning && view.verdict !== 'crash_loop';
    return [
      [running ? button('⏸ Stop', cb.owner('stop', id)) : button('▶️ Start', cb.owner('start', id)), button('🔄 Restart', cb.owner('rst', id))],
      [button('⭐ Renew', cb.owner('renew', id)), button('🔑 New token', cb.owner('tok', id))],
      [button('🗑 Delete', cb.owner('del', id))],
      [button('« My clones', Callback.myClones)],
    ];
  };

  const cardScreen = async (ctx: Context, view: CloneView, note?: string): Promise<void> => {
    const planName = view.subscription?.planCode ? (await services.plans.get(view.subscription.planCode))?.name : undefined;
    const text = `${note ? `${note}\n\n` : ''}${cloneFacts(view, now(), planName)}`;
    await show(ctx, text, cardRows(view));
  };

  composer.command('clones', listScreen);
  composer.action([Callback.myClones, LEGACY_MY_CLONES], async (ctx) => {
    await answerCallback(ctx);
    await listScreen(ctx);
  });

  composer.action(/^c:/, async (ctx) => {
    const decoded = decodeOwner(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, STALE_BUTTON);
    const { action, cloneId } = decoded;
    const who = actor(ctx);
    try {
      let view = await services.clones.view(cloneId, who);
      switch (action) {
        case 'card':
          await answerCallback(ctx);
          return cardScreen(ctx, view);
        case 'start':
          await services.clones.start(cloneId, who);
          view = await services.clones.view(cloneId, who);
          await answerCallback(ctx, 'Starting…');
          return cardScreen(ctx, view, '▶️ Start requested. I will tell you when it answers.');
        case 'stop':
          await services.clones.stop(cloneId, who);
          view = await services.clones.view(cloneId, who);
          await answerCallback(ctx, 'Stopping…');
          return cardScreen(ctx, view, '⏸ Stop requested.');
        case 'rst':
          await services.clones.restart(cloneId, who);
          await answerCallback(ctx, 'Restarting…');
          return cardScreen(ctx, view, '🔄 Restart requested.');
        case 'renew': {
          await answerCallback(ctx);
          const plans = await services.plans.listActive();
          if (plans.length === 0) return show(ctx, 'No plans are offered right now. Please try later.', [[button('« Back', cb.owner('card', cloneId))]]);
          const rows: Rows = plans.map((p) => [button(`${p.name} — ${p.days} days — ${p.priceStars} ⭐`, cb.pay(cloneId, p._id))]);
          rows.push([button('« Back', cb.owner('card', cloneId))]);
          return show(ctx, `Renew ${botLine(view.clone)}\nCurrent expiry: ${fmtDate(view.subscription?.expiresAt)}\nPick a plan (paid in Telegram Stars):`, rows);
        }
        case 'tok':
          await answerCallback(ctx);
          if (view.clone.source === 'managed' && deps.canManageBots()) {
            // A bot we manage: Telegram rotates its token for us (Bot API 9.6), nothing to paste.
            const updated = await deps.onboarding.rotateManagedToken(cloneId, who, (botId) =>
              ctx.telegram.callApi('replaceManagedBotToken' as never, { user_id: botId } as never) as unknown as Promise<string>,
            );
            return cardScreen(ctx, await services.clones.view(cloneId, who), `🔑 @${escapeHtml(updated.botUsername)} has a new token; the old one no longer works. Restarting it now.`);
          }
          await deps.conversations.set(who.id, AWAIT_NEW_TOKEN, { cloneId });
          return show(
            ctx,
            `Send me the new token of @${escapeHtml(view.clone.botUsername)} (from @BotFather → /token or /revoke). I delete your message right after reading it. /cancel to stop.`,
          );
        case 'del':
          await answerCallback(ctx);
          return show(
            ctx,
            `Delete ${botLine(view.clone)}?\n\nThe bot stops now. Its files, users and settings are kept for ${services.retention.retentionDays} days, then erased for good. ` +
              'Adding the same bot again within that time brings it back with its data.',
            [[button('🗑 Yes, delete', cb.owner('delok', cloneId)), button('Cancel', cb.owner('card', cloneId))]],
          );
        case 'delok': {
          const removed = await services.clones.remove(cloneId, who);
          await answerCallback(ctx, 'Deleted');
          return show(
            ctx,
            `🗑 @${escapeHtml(removed.botUsername)} was deleted. Its data will be erased on ${fmtDate(services.retention.purgeAt(removed.deletedAt ?? now()))}.`,
            [[button('« My clones', Callback.myClones)]],
          );
        }
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'CLONE_NOT_FOUND') return answerCallback(ctx, STALE_BUTTON, true);
      if (error instanceof AppError && error.code === 'CLONE_SUSPENDED') return answerCallback(ctx, 'This clone is suspended by an admin.', true);
      throw error;
    }
  });

  composer.action(/^p:/, async (ctx) => {
    const decoded = decodePay(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, STALE_BUTTON);
    try {
      const invoice = await services.payments.invoiceFor(decoded.cloneId, actor(ctx), decoded.planCode);
      await answerCallback(ctx);
      await replyWithStarsInvoice(ctx, { title: invoice.title, description: invoice.description, payload: invoice.payload, label: invoice.plan.name, stars: invoice.priceStars });
    } catch (error) {
      if (error instanceof AppError && ['CLONE_NOT_FOUND', 'PLAN_NOT_FOUND', 'CLONE_SUSPENDED'].includes(error.code)) return answerCallback(ctx, STALE_BUTTON, true);
      throw error;
    }
  });
  return composer;
}

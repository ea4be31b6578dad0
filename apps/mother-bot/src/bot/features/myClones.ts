import { Composer, type Context } from 'telegraf';
import { AppError, awaitsOrFailedApproval, escapeHtml, type CloneView } from '@motherbot/core';
import { answerCallback, button, callbackData, replyWithStarsInvoice, type Rows } from '@motherbot/bot-kit';
import { cb, decodeOwner, decodePay, LEGACY_MY_CLONES } from '../callbackData';
import type { MotherBotDeps } from '../context';
import { botLine, cloneFacts, fmtDate } from '../format';
import { Callback } from '../keyboards';
import { show } from '../screen';
import { tr, type MotherTranslate } from '../../i18n/texts';
import { CloneNotApprovedError } from '../../services/serviceErrors';
import { notApprovedAnswer } from '../approvalAnswers';

export const AWAIT_NEW_TOKEN = 'await_new_token';

/**
 * "My clones": a card per clone and the owner's actions (start, stop, restart, renew, new
 * token, delete with confirmation). A clone waiting for approval or rejected has no Renew: its
 * card says why instead. Each press is re-checked by the services against the
 * presser: another owner's clone id, or a clone deleted since, is politely refused.
 */
export function myClonesFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  const { services } = deps;
  const actor = (ctx: Context) => ({ id: ctx.from!.id, isAdmin: deps.isAdmin(ctx.from!.id) });
  const now = (): Date => services.clock();

  const listScreen = async (ctx: Context): Promise<void> => {
    const t = tr(ctx);
    const views = await services.clones.listOwned(ctx.from!.id);
    if (views.length === 0) {
      await show(ctx, t('clones.none'), [[button(t('menu.createClone'), Callback.newClone)]]);
      return;
    }
    const rows: Rows = views.map((v) => [button(`@${v.clone.botUsername}`, cb.owner('card', v.clone._id))]);
    rows.push([button(t('menu.createClone'), Callback.newClone)]);
    await show(ctx, t('clones.list', { count: views.length }), rows);
  };

  const cardRows = (t: MotherTranslate, view: CloneView): Rows => {
    const id = view.clone._id;
    const running = view.clone.desiredRunning && view.verdict !== 'crash_loop';
    const renewable = !awaitsOrFailedApproval(view.clone);
    return [
      [running ? button(t('clones.stop'), cb.owner('stop', id)) : button(t('clones.start'), cb.owner('start', id)), button(t('clones.restart'), cb.owner('rst', id))],
      [...(renewable ? [button(t('clones.renew'), cb.owner('renew', id))] : []), button(t('clones.newToken'), cb.owner('tok', id))],
      [button(t('clones.delete'), cb.owner('del', id))],
      [button(t('menu.backToClones'), Callback.myClones)],
    ];
  };

  const cardScreen = async (ctx: Context, view: CloneView, note?: string): Promise<void> => {
    const t = tr(ctx);
    const planName = view.subscription?.planCode ? (await services.plans.get(view.subscription.planCode))?.name : undefined;
    const approval = view.clone.approval === 'pending' ? t('clones.waitsApproval') : view.clone.approval === 'rejected' ? t('clones.rejectedNoRenew') : undefined;
    const text = `${note ? `${note}\n\n` : ''}${cloneFacts(t, view, now(), planName)}${approval ? `\n\n${approval}` : ''}`;
    await show(ctx, text, cardRows(t, view));
  };

  composer.command('clones', listScreen);
  composer.action([Callback.myClones, LEGACY_MY_CLONES], async (ctx) => {
    await answerCallback(ctx);
    await listScreen(ctx);
  });

  composer.action(/^c:/, async (ctx) => {
    const t = tr(ctx);
    const decoded = decodeOwner(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, t('common.staleButton'));
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
          await answerCallback(ctx, t('clones.starting'));
          return cardScreen(ctx, view, t('clones.startRequested'));
        case 'stop':
          await services.clones.stop(cloneId, who);
          view = await services.clones.view(cloneId, who);
          await answerCallback(ctx, t('clones.stopping'));
          return cardScreen(ctx, view, t('clones.stopRequested'));
        case 'rst':
          await services.clones.restart(cloneId, who);
          await answerCallback(ctx, t('clones.restarting'));
          return cardScreen(ctx, view, t('clones.restartRequested'));
        case 'renew': {
          // A Renew button sent before (a card, a reminder) on a clone that cannot run now.
          if (awaitsOrFailedApproval(view.clone)) return answerCallback(ctx, notApprovedAnswer(t, view.clone.approval), true);
          await answerCallback(ctx);
          const plans = await services.plans.listActive();
          if (plans.length === 0) return show(ctx, t('clones.noPlans'), [[button(t('common.back'), cb.owner('card', cloneId))]]);
          const rows: Rows = plans.map((p) => [button(t('clones.planButton', { name: p.name, count: p.days, stars: p.priceStars }), cb.pay(cloneId, p._id))]);
          rows.push([button(t('common.back'), cb.owner('card', cloneId))]);
          return show(ctx, t('clones.renewScreen', { bot: botLine(view.clone), date: fmtDate(view.subscription?.expiresAt) }), rows);
        }
        case 'tok':
          await answerCallback(ctx);
          if (view.clone.source === 'managed' && deps.canManageBots()) {
            // A bot we manage: Telegram rotates its token for us (Bot API 9.6), nothing to paste.
            const updated = await deps.onboarding.rotateManagedToken(cloneId, who, (botId) =>
              ctx.telegram.callApi('replaceManagedBotToken' as never, { user_id: botId } as never) as unknown as Promise<string>,
            );
            return cardScreen(ctx, await services.clones.view(cloneId, who), t('clones.managedTokenRotated', { bot: escapeHtml(updated.botUsername) }));
          }
          await deps.conversations.set(who.id, AWAIT_NEW_TOKEN, { cloneId });
          return show(ctx, t('clones.askNewToken', { bot: escapeHtml(view.clone.botUsername) }));
        case 'del':
          await answerCallback(ctx);
          return show(
            ctx,
            t('clones.confirmDelete', { bot: botLine(view.clone), count: services.retention.retentionDays }),
            [[button(t('clones.yesDelete'), cb.owner('delok', cloneId)), button(t('common.cancel'), cb.owner('card', cloneId))]],
          );
        case 'delok': {
          const removed = await services.clones.remove(cloneId, who);
          await answerCallback(ctx, t('common.deleted'));
          return show(ctx, t('clones.deletedScreen', { bot: escapeHtml(removed.botUsername), date: fmtDate(services.retention.purgeAt(removed.deletedAt ?? now())) }), [
            [button(t('menu.backToClones'), Callback.myClones)],
          ]);
        }
      }
    } catch (error) {
      if (error instanceof AppError && error.code === 'CLONE_NOT_FOUND') return answerCallback(ctx, t('common.staleButton'), true);
      if (error instanceof AppError && error.code === 'CLONE_SUSPENDED') return answerCallback(ctx, t('clones.suspended'), true);
      throw error;
    }
  });

  composer.action(/^p:/, async (ctx) => {
    const stale = tr(ctx)('common.staleButton');
    const decoded = decodePay(callbackData(ctx));
    if (!decoded) return answerCallback(ctx, stale);
    try {
      const invoice = await services.payments.invoiceFor(decoded.cloneId, actor(ctx), decoded.planCode);
      await answerCallback(ctx);
      const description = tr(ctx)('payments.invoiceDescription', { count: invoice.plan.days, bot: invoice.botUsername }).slice(0, 255);
      await replyWithStarsInvoice(ctx, { title: invoice.title, description, payload: invoice.payload, label: invoice.plan.name, stars: invoice.priceStars });
    } catch (error) {
      if (error instanceof CloneNotApprovedError) return answerCallback(ctx, notApprovedAnswer(tr(ctx), error.approval), true);
      if (error instanceof AppError && ['CLONE_NOT_FOUND', 'PLAN_NOT_FOUND', 'CLONE_SUSPENDED'].includes(error.code)) return answerCallback(ctx, stale, true);
      throw error;
    }
  });
  return composer;
}

import { Composer, Markup, type Context } from 'telegraf';
import type { BroadcastProgress } from '@motherbot/core';
import { localeOf } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { cloneTexts, tr, type CloneTranslate } from '../../i18n/texts';
import { onAction } from './callbackRouter';
import { managerCommand } from './managerOnly';

const FINAL = new Set(['completed', 'cancelled', 'paused']);

function progressText(t: CloneTranslate, p: BroadcastProgress): string {
  const head =
    p.status === 'completed'
      ? t('broadcast.finished')
      : p.status === 'cancelled'
        ? t('broadcast.cancelled')
        : p.status === 'paused'
          ? p.reason
            ? t('broadcast.pausedBecause', { reason: p.reason })
            : t('broadcast.paused')
          : t('broadcast.running');
  return `${head}\n${t('broadcast.progress', { sent: p.sent, total: p.total, blocked: p.blocked, failed: p.failed + p.unknown, pending: p.pending })}`;
}

/**
 * `/broadcast` as a reply to any message: copies it to every user of the clone who has not
 * blocked it, through the shared BroadcastEngine (paced, honours 429 retry_after, resumable,
 * at most once per user). One message shows the progress and a cancel button; users who
 * blocked the bot are marked and left out of later broadcasts.
 */
export function broadcastFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  // Each progress message is written in the language of the manager who started the broadcast.
  const reporters = new Map<string, { chatId: number; messageId: number; locale: string; lastEdit: number; chain: Promise<unknown> }>();
  const editEvery = rt.deps.progressEditMs ?? 2_000;

  rt.broadcasts.on('recipient', (event) => {
    if (event.status === 'blocked') rt.data.audience.setBlocked(event.chatId, true);
  });
  rt.broadcasts.on('progress', (p) => {
    const reporter = reporters.get(p.broadcastId);
    if (!reporter) return;
    const final = FINAL.has(p.status);
    if (!final && Date.now() - reporter.lastEdit < editEvery) return;
    reporter.lastEdit = Date.now();
    if (final) reporters.delete(p.broadcastId);
    const t = cloneTexts.forLocale(reporter.locale);
    const markup = final ? undefined : Markup.inlineKeyboard([[Markup.button.callback(t('broadcast.cancelButton'), cb.broadcastCancel(p.broadcastId))]]).reply_markup;
    reporter.chain = reporter.chain.then(() =>
      rt.telegram.editMessageText(reporter.chatId, reporter.messageId, undefined, progressText(t, p), { reply_markup: markup }).catch(() => undefined),
    );
  });

  managerCommand(composer, rt, 'broadcast', async (ctx) => {
    const t = tr(ctx);
    const locale = localeOf(ctx);
    const replied = (ctx.message as { reply_to_message?: { message_id: number } }).reply_to_message;
    if (!replied) return ctx.reply(t('broadcast.usage'));
    const senderId = ctx.from!.id;
    const chatId = ctx.chat!.id;
    const status = await ctx.reply(t('broadcast.preparing'));
    const show = (text: string, extra: object = {}) => rt.telegram.editMessageText(chatId, status.message_id, undefined, text, extra).catch(() => undefined);
    // Listing the audience reads every user (a scan on FerretDB): it runs after the handler,
    // so the bot keeps answering everyone else meanwhile, and reports through the status message.
    void (async () => {
      const recipients = await rt.data.audience.recipients(senderId);
      if (recipients.length === 0) return void (await show(t('broadcast.noUsers')));
      const id = await rt.broadcasts.createBroadcast({ message: { kind: 'copy', fromChatId: chatId, messageId: replied.message_id }, createdBy: senderId, recipients });
      reporters.set(id, { chatId, messageId: status.message_id, locale, lastEdit: Date.now(), chain: Promise.resolve() });
      await show(t('broadcast.startedTo', { count: recipients.length }), Markup.inlineKeyboard([[Markup.button.callback(t('broadcast.cancelButton'), cb.broadcastCancel(id))]]));
      await rt.broadcasts.startBroadcast(id);
    })().catch(async (error: unknown) => {
      rt.deps.logger.error('broadcast could not start', { error });
      await show(t('broadcast.couldNotStart'));
    });
  });

  onAction(composer, 'broadcastCancel', async (ctx, action, userId) => {
    const t = tr(ctx);
    if (!(await rt.isManager(userId))) return ctx.answerCbQuery(t('common.notAllowed'));
    try {
      await rt.broadcasts.cancel(action.broadcastId);
      await ctx.answerCbQuery(t('broadcast.cancelledToast'));
    } catch {
      await ctx.answerCbQuery(t('broadcast.alreadyOver'));
    }
  });
  return composer;
}

import { Composer, Markup, type Context } from 'telegraf';
import type { BroadcastProgress } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { onAction } from './callbackRouter';
import { managerCommand, NOT_ALLOWED } from './managerOnly';

const FINAL = new Set(['completed', 'cancelled', 'paused']);

function progressText(p: BroadcastProgress): string {
  const head =
    p.status === 'completed' ? '✅ Broadcast finished' : p.status === 'cancelled' ? '🛑 Broadcast cancelled' : p.status === 'paused' ? `⏸ Broadcast paused${p.reason ? `: ${p.reason}` : ''}` : '📣 Broadcasting…';
  return `${head}\nSent: ${p.sent} / ${p.total}\nBlocked the bot: ${p.blocked}\nFailed: ${p.failed + p.unknown}\nLeft: ${p.pending}`;
}

/**
 * `/broadcast` as a reply to any message: copies it to every user of the clone who has not
 * blocked it, through the shared BroadcastEngine (paced, honours 429 retry_after, resumable,
 * at most once per user). One message shows the progress and a cancel button; users who
 * blocked the bot are marked and left out of later broadcasts.
 */
export function broadcastFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const reporters = new Map<string, { chatId: number; messageId: number; lastEdit: number; chain: Promise<unknown> }>();
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
    const markup = final ? undefined : Markup.inlineKeyboard([[Markup.button.callback('Cancel', cb.broadcastCancel(p.broadcastId))]]).reply_markup;
    reporter.chain = reporter.chain.then(() =>
      rt.telegram.editMessageText(reporter.chatId, reporter.messageId, undefined, progressText(p), { reply_markup: markup }).catch(() => undefined),
    );
  });

  managerCommand(composer, rt, 'broadcast', async (ctx) => {
    const replied = (ctx.message as { reply_to_message?: { message_id: number } }).reply_to_message;
    if (!replied) return ctx.reply('Reply with /broadcast to the message you want to send to all users of this bot.');
    const senderId = ctx.from!.id;
    const chatId = ctx.chat!.id;
    const status = await ctx.reply('📣 Preparing the broadcast…');
    const show = (text: string, extra: object = {}) => rt.telegram.editMessageText(chatId, status.message_id, undefined, text, extra).catch(() => undefined);
    // Listing the audience reads every user (a scan on FerretDB): it runs after the handler,
    // so the bot keeps answering everyone else meanwhile, and reports through the status message.
    void (async () => {
      const recipients = await rt.data.audience.recipients(senderId);
      if (recipients.length === 0) return void (await show('This bot has no users to send to yet.'));
      const id = await rt.broadcasts.createBroadcast({ message: { kind: 'copy', fromChatId: chatId, messageId: replied.message_id }, createdBy: senderId, recipients });
      reporters.set(id, { chatId, messageId: status.message_id, lastEdit: Date.now(), chain: Promise.resolve() });
      await show(`📣 Broadcasting to ${recipients.length} user(s)…`, Markup.inlineKeyboard([[Markup.button.callback('Cancel', cb.broadcastCancel(id))]]));
      await rt.broadcasts.startBroadcast(id);
    })().catch(async (error: unknown) => {
      rt.deps.logger.error('broadcast could not start', { error });
      await show('Sorry, the broadcast could not start. Please try again in a minute.');
    });
  });

  onAction(composer, 'broadcastCancel', async (ctx, action, userId) => {
    if (!(await rt.isManager(userId))) return ctx.answerCbQuery(NOT_ALLOWED);
    try {
      await rt.broadcasts.cancel(action.broadcastId);
      await ctx.answerCbQuery('Broadcast cancelled.');
    } catch {
      await ctx.answerCbQuery('This broadcast is already over.');
    }
  });
  return composer;
}

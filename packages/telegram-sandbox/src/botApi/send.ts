/**
 * The one path by which a bot's message enters a chat: reply resolution, protect_content,
 * flood limits, per-chat counters and the user's reply-keyboard state all happen here, so
 * sendMessage, send<Media>, copy/forward and sendInvoice behave the same way.
 */
import type { MethodContext } from './context';
import type { Conversation } from '../state/world';
import type { TgMessage } from '../state/types';
import type { ParsedMarkup } from './markup';
import { badRequest } from './errors';

interface ReplyParameters { message_id?: number; chat_id?: number | string; allow_sending_without_reply?: boolean }

/** The message being replied to, per reply_parameters or the legacy reply_to_message_id. */
export function resolveReply(ctx: MethodContext, conv: Conversation): TgMessage | undefined {
  const rp = ctx.params.json<ReplyParameters>('reply_parameters', 'reply parameters');
  const id = rp?.message_id ?? ctx.params.int('reply_to_message_id');
  if (id === undefined) return undefined;
  const allowMissing = rp?.allow_sending_without_reply ?? ctx.params.bool('allow_sending_without_reply') ?? false;
  const target = conv.messages.get(Number(id));
  if (!target || target.deleted) {
    if (allowMissing) return undefined;
    throw badRequest('message to be replied not found');
  }
  const { reply_to_message: _omit, ...plain } = target.message;
  return plain as TgMessage;
}

/** Posts `fields` as a new message from the calling bot. Validation must be done by the caller. */
export function postFromBot(
  ctx: MethodContext,
  conv: Conversation,
  fields: Partial<TgMessage>,
  opts: { markup?: ParsedMarkup; invoicePayload?: string; protect?: boolean; floodCounted?: boolean } = {},
): TgMessage {
  const reply = resolveReply(ctx, conv);
  const protect = opts.protect ?? ctx.params.bool('protect_content') ?? false;
  const type = conv.chat.type;
  // An album is counted once by its caller, before its first message (all or nothing).
  if (!opts.floodCounted) ctx.flood.take(ctx.bot.id, conv.chat.id, type === 'group' || type === 'supergroup');
  const stored = ctx.world.addMessage(
    conv,
    'bot',
    (message_id, date) => {
      const msg: TgMessage = { message_id, date, chat: conv.chat };
      if (type === 'channel') msg.sender_chat = conv.chat;
      else msg.from = ctx.bot.user;
      Object.assign(msg, fields);
      if (reply) msg.reply_to_message = reply;
      if (opts.markup?.visible) msg.reply_markup = opts.markup.visible;
      if (protect) msg.has_protected_content = true;
      return msg;
    },
    { senderBotId: ctx.bot.id, markup: opts.markup?.full, invoicePayload: opts.invoicePayload },
  );
  const full = opts.markup?.full;
  if (full?.keyboard) conv.replyKeyboard = full;
  else if (full?.remove_keyboard) conv.replyKeyboard = undefined;
  ctx.stats.messageSent(ctx.bot.id, conv.chat.id);
  return stored.message;
}

/** Content fields a copy or forward carries over. */
export const CONTENT_FIELDS = ['text', 'entities', 'caption', 'caption_entities', 'document', 'photo', 'video', 'audio', 'voice', 'animation', 'sticker', 'video_note', 'contact', 'location'] as const;

export function contentOf(msg: TgMessage): Partial<TgMessage> {
  const out: Partial<TgMessage> = {};
  for (const k of CONTENT_FIELDS) if (msg[k] !== undefined) (out as Record<string, unknown>)[k] = msg[k];
  return out;
}

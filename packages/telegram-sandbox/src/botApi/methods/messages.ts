/** Text messages: send, edit, delete, copy, forward, chat actions and callback answers. */
import type { MethodContext, MethodHandler } from '../context';
import type { Conversation, StoredMessage } from '../../state/world';
import type { MessageEntity, TgMessage } from '../../state/types';
import { badRequest } from '../errors';
import { formatText } from '../entities';
import { parseReplyMarkup } from '../markup';
import { chatForReading, chatForSending } from '../chatAccess';
import { contentOf, postFromBot } from '../send';
import { remapFiles } from './media';

const MAX_TEXT = 4096;
const MAX_CAPTION = 1024;

/** text + parse_mode/entities → stored text and entities, with Telegram's length rules. */
export function readText(ctx: MethodContext, field = 'text'): { text: string; entities?: MessageEntity[] } {
  const raw = ctx.params.str(field);
  if (raw === undefined || raw === '') throw badRequest('message text is empty');
  const explicit = ctx.params.json<MessageEntity[]>('entities', 'entities');
  const parsed = formatText(raw, ctx.params.str('parse_mode'), explicit);
  if (parsed.text.trim() === '') throw badRequest('message text is empty');
  if (parsed.text.length > MAX_TEXT) throw badRequest('message is too long');
  return parsed.entities.length ? { text: parsed.text, entities: parsed.entities } : { text: parsed.text };
}

/** caption + parse_mode/caption_entities, or nothing. */
export function readCaption(ctx: MethodContext): Partial<TgMessage> {
  const raw = ctx.params.str('caption');
  if (raw === undefined || raw === '') return {};
  const parsed = formatText(raw, ctx.params.str('parse_mode'), ctx.params.json<MessageEntity[]>('caption_entities', 'caption entities'));
  if (parsed.text.length > MAX_CAPTION) throw badRequest('message caption is too long');
  return parsed.entities.length ? { caption: parsed.text, caption_entities: parsed.entities } : { caption: parsed.text };
}

const sendMessage: MethodHandler = (ctx) => {
  const conv = chatForSending(ctx, ctx.params.chatId());
  const fields: Partial<TgMessage> = readText(ctx);
  const markup = parseReplyMarkup(ctx.params);
  const preview = ctx.params.json<Record<string, unknown>>('link_preview_options', 'link preview options');
  if (preview) fields.link_preview_options = preview;
  else if (ctx.params.bool('disable_web_page_preview')) fields.link_preview_options = { is_disabled: true };
  return postFromBot(ctx, conv, fields, { markup });
};

/** The bot's own message addressed by chat_id + message_id, for editing. */
function ownMessage(ctx: MethodContext): { conv: Conversation; stored: StoredMessage } {
  if (ctx.params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const conv = chatForReading(ctx, ctx.params.chatId());
  const id = ctx.params.reqInt('message_id', 'message identifier is not specified');
  const stored = conv.messages.get(id);
  if (!stored || stored.deleted) throw badRequest('message to edit not found');
  if (stored.direction !== 'bot' || stored.senderBotId !== ctx.bot.id) throw badRequest("message can't be edited");
  return { conv, stored };
}

function applyEdit(ctx: MethodContext, conv: Conversation, stored: StoredMessage, change: Partial<TgMessage>): TgMessage {
  const markup = parseReplyMarkup(ctx.params);
  if (markup.full && !markup.visible) throw badRequest('inline keyboard expected');
  const next: TgMessage = { ...stored.message, ...change };
  delete next.edit_date;
  if (markup.visible) next.reply_markup = markup.visible;
  else delete next.reply_markup; // Telegram drops the inline keyboard when an edit omits reply_markup.
  const same = (k: keyof TgMessage): boolean => JSON.stringify(next[k]) === JSON.stringify(stored.message[k]);
  if (['text', 'entities', 'caption', 'caption_entities', 'reply_markup'].every((k) => same(k))) {
    throw badRequest('message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message');
  }
  next.edit_date = Math.floor(Date.now() / 1000);
  ctx.world.editMessage(conv, stored, next, markup.full);
  return next;
}

const editMessageText: MethodHandler = (ctx) => {
  const { conv, stored } = ownMessage(ctx);
  if (stored.message.text === undefined) throw badRequest('there is no text in the message to edit');
  const { text, entities } = readText(ctx);
  const change: Partial<TgMessage> = { text, entities };
  if (!entities) change.entities = undefined;
  const msg = applyEdit(ctx, conv, stored, change);
  if (msg.entities === undefined) delete msg.entities;
  return msg;
};

const editMessageCaption: MethodHandler = (ctx) => {
  const { conv, stored } = ownMessage(ctx);
  if (stored.message.text !== undefined) throw badRequest('there is no caption in the message to edit');
  const cap = readCaption(ctx);
  const msg = applyEdit(ctx, conv, stored, { caption: cap.caption, caption_entities: cap.caption_entities });
  if (msg.caption === undefined) delete msg.caption;
  if (msg.caption_entities === undefined) delete msg.caption_entities;
  return msg;
};

const editMessageReplyMarkup: MethodHandler = (ctx) => {
  const { conv, stored } = ownMessage(ctx);
  return applyEdit(ctx, conv, stored, {});
};

function deleteOne(ctx: MethodContext, conv: Conversation, id: number): void {
  const stored = conv.messages.get(id);
  if (!stored || stored.deleted) throw badRequest('message to delete not found');
  if (conv.chat.type !== 'private' && stored.senderBotId !== ctx.bot.id) {
    const status = ctx.world.groups.get(conv.chat.id)?.members.get(ctx.bot.id);
    if (status !== 'administrator' && status !== 'creator') throw badRequest("message can't be deleted");
  }
  ctx.world.deleteMessage(conv, stored, ctx.bot.id);
}

const deleteMessage: MethodHandler = (ctx) => {
  const conv = chatForReading(ctx, ctx.params.chatId());
  deleteOne(ctx, conv, ctx.params.reqInt('message_id', 'message identifier is not specified'));
  return true;
};

const deleteMessages: MethodHandler = (ctx) => {
  const conv = chatForReading(ctx, ctx.params.chatId());
  const ids = ctx.params.json<number[]>('message_ids', 'message identifiers');
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) throw badRequest('message identifiers are not specified');
  for (const id of ids) {
    try { deleteOne(ctx, conv, Number(id)); } catch { /* deleteMessages skips messages it can't delete */ }
  }
  return true;
};

/** The source message of a copy or forward, visible to this bot. */
function sourceMessage(ctx: MethodContext, id: number): { conv: Conversation; msg: TgMessage; stored: StoredMessage } {
  const conv = chatForReading(ctx, ctx.params.chatId('from_chat_id'));
  const stored = conv.messages.get(id);
  if (!stored || stored.deleted) throw badRequest('message to forward not found');
  if (stored.message.has_protected_content) throw badRequest("message has protected content and can't be forwarded");
  return { conv, msg: stored.message, stored };
}

function forwardOne(ctx: MethodContext, target: Conversation, id: number): TgMessage {
  const { conv, msg } = sourceMessage(ctx, id);
  const origin = conv.chat.type === 'channel'
    ? { type: 'channel', chat: conv.chat, message_id: msg.message_id, date: msg.date }
    : msg.from ? { type: 'user', sender_user: msg.from, date: msg.date } : { type: 'chat', sender_chat: msg.sender_chat, date: msg.date };
  return postFromBot(ctx, target, { ...remapFiles(ctx, contentOf(msg)), forward_origin: origin });
}

function copyOne(ctx: MethodContext, target: Conversation, id: number, withOverrides: boolean): { message_id: number } {
  const { msg } = sourceMessage(ctx, id);
  const content = contentOf(msg);
  if (Object.keys(content).length === 0) throw badRequest("message can't be copied");
  if (withOverrides && ctx.params.str('caption') !== undefined && content.text === undefined) {
    delete content.caption;
    delete content.caption_entities;
    Object.assign(content, readCaption(ctx));
  }
  const markup = withOverrides ? parseReplyMarkup(ctx.params) : undefined;
  return { message_id: postFromBot(ctx, target, remapFiles(ctx, content), { markup }).message_id };
}

const forwardMessage: MethodHandler = (ctx) => {
  const target = chatForSending(ctx, ctx.params.chatId());
  return forwardOne(ctx, target, ctx.params.reqInt('message_id', 'message identifier is not specified'));
};

const copyMessage: MethodHandler = (ctx) => {
  const target = chatForSending(ctx, ctx.params.chatId());
  return copyOne(ctx, target, ctx.params.reqInt('message_id', 'message identifier is not specified'), true);
};

function readIds(ctx: MethodContext): number[] {
  const ids = ctx.params.json<number[]>('message_ids', 'message identifiers');
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > 100) throw badRequest('message identifiers are not specified');
  return ids.map(Number).sort((a, b) => a - b);
}

const forwardMessages: MethodHandler = (ctx) => {
  const target = chatForSending(ctx, ctx.params.chatId());
  return readIds(ctx).map((id) => ({ message_id: forwardOne(ctx, target, id).message_id }));
};

const copyMessages: MethodHandler = (ctx) => {
  const target = chatForSending(ctx, ctx.params.chatId());
  return readIds(ctx).map((id) => copyOne(ctx, target, id, false));
};

const ACTIONS = new Set(['typing', 'upload_photo', 'record_video', 'upload_video', 'record_voice', 'upload_voice', 'upload_document', 'choose_sticker', 'find_location', 'record_video_note', 'upload_video_note']);

const sendChatAction: MethodHandler = (ctx) => {
  chatForSending(ctx, ctx.params.chatId());
  if (!ACTIONS.has(ctx.params.str('action') ?? '')) throw badRequest('wrong parameter action in request');
  return true;
};

const answerCallbackQuery: MethodHandler = (ctx) => {
  const id = ctx.params.reqStr('callback_query_id', 'QUERY_ID_INVALID');
  const text = ctx.params.str('text');
  if (text !== undefined && text.length > 200) throw badRequest('MESSAGE_TOO_LONG');
  const answer = { text, show_alert: ctx.params.bool('show_alert'), url: ctx.params.str('url'), cache_time: ctx.params.int('cache_time') };
  const meta = ctx.callbackAnswers.meta(id) as { botId: number; conv: Conversation } | undefined;
  if (!meta || meta.botId !== ctx.bot.id) throw badRequest('query is too old and response timeout expired or query ID is invalid');
  ctx.callbackAnswers.settle(id, JSON.parse(JSON.stringify(answer)) as typeof answer);
  ctx.world.note(meta.conv, 'callback_answer', { callback_query_id: id, ...answer }, ctx.bot.id);
  return true;
};

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage, editMessageText, editMessageCaption, editMessageReplyMarkup, deleteMessage, deleteMessages,
  forwardMessage, forwardMessages, copyMessage, copyMessages, sendChatAction, answerCallbackQuery,
};

/**
 * What a user can do: write, upload, press buttons, pay, block, create managed bots. Each
 * action stores the user's message in the chat (so transcripts show it) and queues the
 * update the bot would receive from Telegram.
 */
import { randomBytes, createHash } from 'node:crypto';
import type { Services, CallbackAnswer } from '../botApi/context';
import type { BotRecord, Conversation, UserRecord } from '../state/world';
import type { FileKind, TgMessage, TgUpdate, InlineKeyboardButton, MessageEntity } from '../state/types';
import { autoEntities } from '../botApi/entities';
import { userEntities } from './userEntities';
import { mediaField } from '../botApi/methods/media';
import { wakePoll } from '../botApi/methods/updates';
import { botInfo, type BotInfo, SandboxError } from './refs';

export interface FileUpload {
  kind: FileKind;
  fileName?: string;
  mimeType?: string;
  content: Buffer;
  caption?: string;
  /** Part of an album: every file of it carries the same id (see control/albumUpload.ts). */
  mediaGroupId?: string;
}
export interface PressResult { callbackQueryId: string; update: TgUpdate | undefined; answer: Promise<CallbackAnswer | undefined> }
export interface PaymentOutcome {
  status: 'paid' | 'rejected' | 'timeout';
  telegram_payment_charge_id?: string;
  error_message?: string;
  message?: TgMessage;
}

const now = (): number => Math.floor(Date.now() / 1000);

export class UserActions {
  constructor(private readonly s: Services, private readonly callbackTimeoutMs: number) {}

  /** The chat a user action happens in: the private chat, or a group the user is in. */
  private chat(user: UserRecord, bot: BotRecord, chatId?: number): Conversation {
    if (chatId === undefined || chatId === user.user.id) {
      if (user.blocked.delete(bot.id)) this.memberUpdate(user, bot, 'kicked', 'member');
      user.started.add(bot.id);
      return this.s.world.privateConversation(bot.id, user.user.id);
    }
    const conv = this.s.world.groupConversation(chatId);
    if (!conv) throw new SandboxError(`no group or channel ${chatId}`);
    return conv;
  }

  private post(conv: Conversation, user: UserRecord, bot: BotRecord, fields: Partial<TgMessage>): TgMessage {
    const stored = this.s.world.addMessage(conv, 'user', (message_id, date) => ({ message_id, from: user.user, chat: conv.chat, date, ...fields }));
    bot.queue.push('message', stored.message);
    return stored.message;
  }

  /** `entities`: the formatting the user's app would send (bold, links…), checked against the text; else only Telegram's auto-entities. */
  sendText(user: UserRecord, bot: BotRecord, text: string, opts: { chatId?: number; replyToMessageId?: number; entities?: MessageEntity[] } = {}): TgMessage {
    if (text === '') throw new SandboxError('a user cannot send an empty message');
    const conv = this.chat(user, bot, opts.chatId);
    const fields: Partial<TgMessage> = { text };
    const entities = opts.entities ? userEntities(text, opts.entities) : autoEntities(text);
    if (entities.length) fields.entities = entities;
    const reply = opts.replyToMessageId !== undefined ? conv.messages.get(opts.replyToMessageId) : undefined;
    if (reply) fields.reply_to_message = reply.message;
    return this.post(conv, user, bot, fields);
  }

  sendFile(user: UserRecord, bot: BotRecord, file: FileUpload, opts: { chatId?: number } = {}): TgMessage {
    if (file.content.length === 0) throw new SandboxError('a file must not be empty');
    const conv = this.chat(user, bot, opts.chatId);
    const stored = this.s.world.files.put(file.content, file.kind, file.fileName, file.mimeType);
    const fields = mediaField(this.s.world.files, bot.id, stored, file.kind);
    if (file.mediaGroupId) fields.media_group_id = file.mediaGroupId;
    if (file.caption) {
      fields.caption = file.caption;
      const entities = autoEntities(file.caption);
      if (entities.length) fields.caption_entities = entities;
    }
    return this.post(conv, user, bot, fields);
  }

  /** A message the user forwards to the bot from another user or a channel. */
  forwardToBot(user: UserRecord, bot: BotRecord, opts: { text: string; fromUserId?: number; fromChatId?: number }): TgMessage {
    const conv = this.chat(user, bot);
    const origin = opts.fromChatId !== undefined
      ? { type: 'channel', chat: this.s.world.groups.get(opts.fromChatId)?.chat ?? { id: opts.fromChatId, type: 'channel', title: 'Channel' }, message_id: 1, date: now() }
      : { type: 'user', sender_user: this.s.world.users.get(opts.fromUserId ?? user.user.id)?.user ?? user.user, date: now() };
    return this.post(conv, user, bot, { text: opts.text, forward_origin: origin });
  }

  /** Presses an inline button; the answer promise settles on answerCallbackQuery (or undefined on timeout). */
  pressButton(user: UserRecord, bot: BotRecord, messageId: number, data: string, opts: { force?: boolean; chatId?: number } = {}): PressResult {
    const conv = this.chat(user, bot, opts.chatId);
    const stored = conv.messages.get(messageId);
    if (!stored || stored.deleted) throw new SandboxError(`message ${messageId} is not in chat ${conv.chat.id}`);
    const buttons: InlineKeyboardButton[] = (stored.message.reply_markup?.inline_keyboard ?? []).flat();
    if (!opts.force && !buttons.some((b) => b.callback_data === data)) {
      throw new SandboxError(`message ${messageId} has no button with callback_data ${JSON.stringify(data)} (buttons: ${buttons.map((b) => b.callback_data ?? b.text).join(', ') || 'none'})`);
    }
    const id = BigInt('0x' + randomBytes(8).toString('hex')).toString();
    const answer = this.s.callbackAnswers.wait(id, this.callbackTimeoutMs, { botId: bot.id, conv });
    const chatInstance = BigInt('0x' + createHash('sha1').update(`${bot.id}:${conv.chat.id}`).digest('hex').slice(0, 15)).toString();
    const update = bot.queue.push('callback_query', { id, from: user.user, message: stored.message, chat_instance: chatInstance, data });
    return { callbackQueryId: id, update, answer };
  }

  /** Presses a reply-keyboard button: sends its text, or runs its request_managed_bot flow. */
  async pressKeyboardButton(user: UserRecord, bot: BotRecord, text: string): Promise<TgMessage> {
    const conv = this.chat(user, bot);
    const keyboard = conv.replyKeyboard;
    const button = (keyboard?.keyboard ?? []).flat().find((b) => b.text === text) as Record<string, unknown> | undefined;
    if (keyboard?.one_time_keyboard) conv.replyKeyboard = undefined;
    const request = button?.request_managed_bot as { suggested_username?: string; suggested_name?: string } | undefined;
    if (request) {
      const username = request.suggested_username ?? `${(user.user.username ?? 'user' + user.user.id).toLowerCase()}_${randomBytes(2).toString('hex')}_bot`;
      return (await this.createManagedBot(user, bot, { username, name: request.suggested_name ?? username })).message;
    }
    return this.sendText(user, bot, text);
  }

  async payInvoice(user: UserRecord, bot: BotRecord, messageId: number, timeoutMs = 10_000): Promise<PaymentOutcome> {
    const conv = this.chat(user, bot);
    const stored = conv.messages.get(messageId);
    const invoice = stored?.message.invoice as { currency: string; total_amount: number } | undefined;
    if (!stored || stored.deleted || !invoice) throw new SandboxError(`message ${messageId} is not an invoice in chat ${conv.chat.id}`);
    const payload = stored.invoicePayload ?? '';
    const id = BigInt('0x' + randomBytes(8).toString('hex')).toString();
    const pending = this.s.preCheckoutAnswers.wait(id, timeoutMs, { botId: bot.id });
    bot.queue.push('pre_checkout_query', { id, from: user.user, currency: invoice.currency, total_amount: invoice.total_amount, invoice_payload: payload });
    const answer = await pending;
    if (!answer) return { status: 'timeout' };
    if (!answer.ok) return { status: 'rejected', error_message: answer.error_message };
    const chargeId = `stxsandbox${randomBytes(12).toString('hex')}`;
    const successful_payment = { currency: invoice.currency, total_amount: invoice.total_amount, invoice_payload: payload, telegram_payment_charge_id: chargeId, provider_payment_charge_id: '' };
    const message = this.post(conv, user, bot, { successful_payment });
    this.s.charges.set(chargeId, { chargeId, botId: bot.id, userId: user.user.id, amount: invoice.total_amount, payload, refunded: false, message });
    return { status: 'paid', telegram_payment_charge_id: chargeId, message };
  }

  /** Queues the same successful_payment message again, as Telegram may. */
  redeliverSuccessfulPayment(chargeId: string): TgUpdate {
    const charge = this.s.charges.get(chargeId);
    if (!charge) throw new SandboxError(`no Stars charge ${chargeId}`);
    const bot = this.s.world.bots.get(charge.botId)!;
    return bot.queue.push('message', charge.message) ?? bot.queue.pushRaw({ message: charge.message });
  }

  block(user: UserRecord, bot: BotRecord): void {
    if (user.blocked.has(bot.id)) return;
    user.blocked.add(bot.id);
    this.memberUpdate(user, bot, 'member', 'kicked');
  }

  unblock(user: UserRecord, bot: BotRecord): void {
    if (user.blocked.delete(bot.id)) this.memberUpdate(user, bot, 'kicked', 'member');
  }

  private memberUpdate(user: UserRecord, bot: BotRecord, from: string, to: string): void {
    const chat = this.s.world.privateConversation(bot.id, user.user.id).chat;
    const member = (status: string): Record<string, unknown> => (status === 'kicked' ? { user: bot.user, status, until_date: 0 } : { user: bot.user, status });
    bot.queue.push('my_chat_member', { chat, from: user.user, date: now(), old_chat_member: member(from), new_chat_member: member(to) });
  }

  /** The user creates a bot through `manager` (Bot API 9.6 managed bots). */
  async createManagedBot(user: UserRecord, manager: BotRecord, opts: { username: string; name?: string }): Promise<{ bot: BotInfo; message: TgMessage }> {
    if (!manager.user.can_manage_bots) throw new SandboxError(`@${manager.user.username} cannot manage bots (create it with canManageBots: true)`);
    const bot = this.s.world.createBot({ username: opts.username, firstName: opts.name ?? opts.username });
    bot.ownerUserId = user.user.id;
    bot.managerBotId = manager.id;
    this.s.kickWebhook(bot);
    manager.queue.push('managed_bot', { user: user.user, bot: bot.user });
    const conv = this.chat(user, manager);
    const message = this.post(conv, user, manager, { managed_bot_created: { bot: bot.user } });
    return { bot: botInfo(bot), message };
  }

  /** Queues a raw update (any shape) for fuzzing; the sandbox assigns update_id. */
  inject(bot: BotRecord, raw: Record<string, unknown>): TgUpdate {
    const { update_id: _ignored, ...rest } = raw;
    return bot.queue.pushRaw(rest);
  }
}

/** Wires a new bot's queue to its long poll and webhook. */
export function wireQueue(s: Services, bot: BotRecord): void {
  bot.queue.onPush = () => {
    wakePoll(bot);
    if (bot.webhook) s.kickWebhook(bot);
  };
}

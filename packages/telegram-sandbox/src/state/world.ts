/**
 * The sandbox's in-memory Telegram: bots, users, groups and channels, and every
 * conversation's messages. Methods here enforce no Bot API rules (that is `botApi/`); they
 * only keep state consistent and emit a `WorldEvent` for each visible change, which feeds
 * transcripts, `waitForBotMessage` and the web chat's live view.
 */
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { FileStore } from './files';
import { UpdateQueue } from './updateQueue';
import type { ReplyMarkup, TgChat, TgMessage, TgUser } from './types';

export type MemberStatus = 'creator' | 'administrator' | 'member' | 'left' | 'kicked';

export interface WebhookConfig {
  url: string;
  secretToken?: string;
  maxConnections: number;
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

export interface BotRecord {
  id: number;
  token: string;
  user: TgUser;
  queue: UpdateQueue;
  webhook?: WebhookConfig;
  commands: Map<string, unknown[]>;
  /** For managed bots: who created it and which bot manages it. */
  ownerUserId?: number;
  managerBotId?: number;
}

export interface UserRecord {
  user: TgUser;
  started: Set<number>;
  blocked: Set<number>;
}

export interface GroupRecord {
  chat: TgChat;
  members: Map<number, MemberStatus>;
}

export interface StoredMessage {
  seq: number;
  message: TgMessage;
  /** 'bot' when the bot sent it, 'user' when a user did. */
  direction: 'user' | 'bot';
  senderBotId?: number;
  deleted: boolean;
  /** Earlier versions, oldest first, when the message was edited. */
  history: TgMessage[];
  /** Full markup as sent, including reply keyboards Telegram does not echo back. */
  markup?: ReplyMarkup;
  /** Invoice payload, kept out of the public message like Telegram does. */
  invoicePayload?: string;
}

export interface Conversation {
  key: string;
  chat: TgChat;
  /** Set for private chats: the bot this user talks to. */
  botId?: number;
  userId?: number;
  messages: Map<number, StoredMessage>;
  order: StoredMessage[];
  log: WorldEvent[];
  nextMessageId: number;
  /** The reply keyboard the user currently sees (private chats). */
  replyKeyboard?: ReplyMarkup;
}

export interface WorldEvent {
  seq: number;
  kind: 'message' | 'edit' | 'delete' | 'callback_answer' | 'entity';
  conversation: string;
  chatId: number;
  botId?: number;
  direction?: 'user' | 'bot';
  message?: TgMessage;
  data?: unknown;
}

const now = (): number => Math.floor(Date.now() / 1000);

export class World extends EventEmitter {
  readonly bots = new Map<number, BotRecord>();
  readonly tokens = new Map<string, BotRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly groups = new Map<number, GroupRecord>();
  readonly conversations = new Map<string, Conversation>();
  readonly files = new FileStore();
  /** Set by the sandbox to wire each new bot's queue to its poller and webhook. */
  onBotCreated: ((bot: BotRecord) => void) | undefined;
  private seqCounter = 0;
  private nextUserId = 1_000_001;
  private nextBotId = 7_000_000_001;
  private nextChatId = 1_000_000_001;

  constructor() {
    super();
    this.setMaxListeners(0);
  }

  get seq(): number {
    return this.seqCounter;
  }

  nextSeq(): number {
    return ++this.seqCounter;
  }

  createBot(opts: { username: string; firstName?: string; token?: string; canManageBots?: boolean }): BotRecord {
    const username = opts.username.replace(/^@/, '');
    if (this.botByUsername(username)) throw new Error(`a bot @${username} already exists`);
    const token = opts.token ?? `${this.freeId('bot')}:${randomBytes(26).toString('base64url').slice(0, 35)}`;
    const m = /^(\d+):[\w-]+$/.exec(token);
    if (!m) throw new Error(`bad token "${token}": expected <digits>:<secret>`);
    const id = Number(m[1]);
    if (this.idTaken(id)) throw new Error(`a user or bot with id ${id} already exists`);
    const user: TgUser = { id, is_bot: true, first_name: opts.firstName ?? username, username };
    if (opts.canManageBots) user.can_manage_bots = true;
    const bot: BotRecord = { id, token, user, queue: new UpdateQueue(100_000 + Math.floor(Math.random() * 1000)), commands: new Map() };
    this.bots.set(id, bot);
    this.tokens.set(token, bot);
    this.onBotCreated?.(bot);
    this.emitEntity('bot', bot.user);
    return bot;
  }

  /**
   * Replaces a bot's token: the old one stops working at once, including a long poll in
   * progress (woken here; getUpdates then answers 401 to a request made with the old token).
   */
  replaceToken(bot: BotRecord, token?: string): string {
    this.tokens.delete(bot.token);
    bot.token = token ?? `${bot.id}:${randomBytes(26).toString('base64url').slice(0, 35)}`;
    this.tokens.set(bot.token, bot);
    bot.queue.onPush?.();
    return bot.token;
  }

  createUser(opts: { firstName: string; lastName?: string; username?: string; id?: number; languageCode?: string }): UserRecord {
    const id = opts.id ?? this.freeId('user');
    if (this.idTaken(id)) throw new Error(`a user or bot with id ${id} already exists`);
    const user: TgUser = { id, is_bot: false, first_name: opts.firstName };
    if (opts.lastName) user.last_name = opts.lastName;
    if (opts.username) user.username = opts.username.replace(/^@/, '');
    if (opts.languageCode) user.language_code = opts.languageCode;
    const rec: UserRecord = { user, started: new Set(), blocked: new Set() };
    this.users.set(id, rec);
    this.emitEntity('user', user);
    return rec;
  }

  createGroup(type: 'group' | 'supergroup' | 'channel', title: string, username?: string): GroupRecord {
    const id = type === 'group' ? -(this.nextChatId++) : -(1_000_000_000_000 + this.nextChatId++);
    const chat: TgChat = { id, type, title };
    if (username) chat.username = username.replace(/^@/, '');
    const rec: GroupRecord = { chat, members: new Map() };
    this.groups.set(id, rec);
    this.emitEntity('chat', chat);
    return rec;
  }

  /** Whether a user or bot already has this id (Telegram ids are unique across both). */
  private idTaken(id: number): boolean {
    return this.users.has(id) || this.bots.has(id);
  }

  /**
   * The next id nobody has: users and bots may also be created with an explicit id (`npm start`
   * gives the admin the first id of the user range), so the counter skips ids already taken.
   * Guarded by "a user added without an id gets a free one" in test/webchat.test.ts.
   */
  private freeId(kind: 'user' | 'bot'): number {
    let id = kind === 'user' ? this.nextUserId : this.nextBotId;
    while (this.idTaken(id)) id++;
    if (kind === 'user') this.nextUserId = id + 1;
    else this.nextBotId = id + 1;
    return id;
  }

  botByUsername(username: string): BotRecord | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    for (const bot of this.bots.values()) if (bot.user.username?.toLowerCase() === name) return bot;
    return undefined;
  }

  groupByUsername(username: string): GroupRecord | undefined {
    const name = username.replace(/^@/, '').toLowerCase();
    for (const g of this.groups.values()) if (g.chat.username?.toLowerCase() === name) return g;
    return undefined;
  }

  /** The private chat as a bot sees it (chat id = user id). */
  privateConversation(botId: number, userId: number): Conversation {
    const key = `p:${botId}:${userId}`;
    let conv = this.conversations.get(key);
    if (!conv) {
      const u = this.users.get(userId)?.user;
      const chat: TgChat = { id: userId, type: 'private', first_name: u?.first_name ?? String(userId) };
      if (u?.last_name) chat.last_name = u.last_name;
      if (u?.username) chat.username = u.username;
      conv = this.newConversation(key, chat);
      conv.botId = botId;
      conv.userId = userId;
    }
    return conv;
  }

  groupConversation(chatId: number): Conversation | undefined {
    const g = this.groups.get(chatId);
    if (!g) return undefined;
    const key = `g:${chatId}`;
    return this.conversations.get(key) ?? this.newConversation(key, g.chat);
  }

  private newConversation(key: string, chat: TgChat): Conversation {
    const conv: Conversation = { key, chat, messages: new Map(), order: [], log: [], nextMessageId: 1 };
    this.conversations.set(key, conv);
    return conv;
  }

  /** Adds a message; `build` gets the message_id and date and returns the message. */
  addMessage(
    conv: Conversation,
    direction: 'user' | 'bot',
    build: (messageId: number, date: number) => TgMessage,
    extra: Partial<Pick<StoredMessage, 'senderBotId' | 'markup' | 'invoicePayload'>> = {},
  ): StoredMessage {
    const message = build(conv.nextMessageId++, now());
    const stored: StoredMessage = { seq: this.nextSeq(), message, direction, deleted: false, history: [], ...extra };
    conv.messages.set(message.message_id, stored);
    conv.order.push(stored);
    this.record(conv, { seq: stored.seq, kind: 'message', direction, message, botId: extra.senderBotId ?? conv.botId });
    return stored;
  }

  editMessage(conv: Conversation, stored: StoredMessage, next: TgMessage, markup?: ReplyMarkup): void {
    stored.history.push(stored.message);
    stored.message = next;
    if (markup !== undefined) stored.markup = markup;
    this.record(conv, { seq: this.nextSeq(), kind: 'edit', direction: stored.direction, message: next, botId: stored.senderBotId ?? conv.botId });
  }

  deleteMessage(conv: Conversation, stored: StoredMessage, byBotId?: number): void {
    stored.deleted = true;
    this.record(conv, { seq: this.nextSeq(), kind: 'delete', direction: stored.direction, message: stored.message, botId: byBotId ?? conv.botId });
  }

  /** A non-message event in a conversation (e.g. a callback answer shown as a toast). */
  note(conv: Conversation, kind: 'callback_answer', data: unknown, botId?: number): void {
    this.record(conv, { seq: this.nextSeq(), kind, data, botId });
  }

  private record(conv: Conversation, ev: Omit<WorldEvent, 'conversation' | 'chatId'>): void {
    const full: WorldEvent = { ...ev, conversation: conv.key, chatId: conv.chat.id };
    conv.log.push(full);
    this.emit('event', full);
  }

  private emitEntity(what: string, data: unknown): void {
    this.emit('event', { seq: this.nextSeq(), kind: 'entity', conversation: '', chatId: 0, data: { what, ...(data as object) } } satisfies WorldEvent);
  }
}

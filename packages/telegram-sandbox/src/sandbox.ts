/**
 * `TelegramSandbox`: a local Telegram Bot API server for running real bots in tests, demos
 * and benchmarks. Bots talk to it over HTTP (`apiRoot`); tests drive users through the
 * in-process control API below (also served over HTTP under `/_sandbox/`).
 */
import http from 'node:http';
import { setMaxListeners } from 'node:events';
import type { AddressInfo, Socket } from 'node:net';
import { World, type MemberStatus } from './state/world';
import { Stats, type StatsSnapshot } from './state/stats';
import { PendingAnswers } from './state/pending';
import { FloodLimiter, type FloodOptions } from './botApi/flood';
import { FaultTable, type FaultSpec } from './botApi/faults';
import { HeldCalls, type HeldCall } from './botApi/heldCalls';
import { WebhookSender } from './botApi/webhook';
import { invoke } from './botApi/invoke';
import type { CallbackAnswer, PreCheckoutAnswer, Services } from './botApi/context';
import type { MessageEntity, TgChat, TgMessage, TgUpdate, TgUser } from './state/types';
import { UserActions, wireQueue, type FileUpload, type PaymentOutcome, type PressResult } from './control/userActions';
import { uploadAlbum } from './control/albumUpload';
import { channelPostLink, postInChannel, resolvePostLink, type ChannelPostContent } from './control/channelPosts';
import { Observer, type TranscriptEntry, type WaitOptions } from './control/observe';
import { openInviteLink, type JoinOutcome } from './control/joinRequests';
import { botInfo, resolveBot, resolveUser, SandboxError, type BotInfo, type BotRef } from './control/refs';
import { createRequestHandler } from './server/httpServer';

export interface SandboxOptions {
  flood?: FloodOptions;
  /** Largest JSON/urlencoded body (default 1 MB). */
  maxJsonBytes?: number;
  /** Largest multipart body (default 50 MB). */
  maxFileBytes?: number;
  /** How long a pressed button waits for answerCallbackQuery (default 15 s). */
  callbackAnswerTimeoutMs?: number;
  /** Pause before re-sending an update a webhook refused (default 1 s). */
  webhookRetryMs?: number;
}

export interface UserInfo { id: number; firstName: string; username?: string; languageCode?: string; user: TgUser }
export interface ChatInfo { id: number; title: string; type: TgChat['type']; username?: string; chat: TgChat }

type State = 'new' | 'running' | 'stopped';

export class TelegramSandbox {
  private readonly world = new World();
  private readonly stats_ = new Stats();
  private readonly faults = new FaultTable();
  private readonly held = new HeldCalls();
  private readonly stopper = new AbortController();
  private readonly services: Services;
  private readonly webhooks: WebhookSender;
  private readonly actions: UserActions;
  private readonly observer: Observer;
  private server: http.Server | undefined;
  private sockets = new Set<Socket>();
  private state: State = 'new';
  private address = '';

  constructor(private readonly options: SandboxOptions = {}) {
    // Every request in progress listens for the stop (long polls, held calls): no leak warning.
    setMaxListeners(0, this.stopper.signal);
    this.webhooks = new WebhookSender(options.webhookRetryMs ?? 1000, this.stats_, async (bot, method, params) => {
      await invoke(this.services, bot, method, params, this.stopper.signal);
    });
    this.services = {
      world: this.world,
      flood: new FloodLimiter(options.flood),
      stats: this.stats_,
      callbackAnswers: new PendingAnswers<CallbackAnswer>(),
      preCheckoutAnswers: new PendingAnswers<PreCheckoutAnswer>(),
      charges: new Map(),
      kickWebhook: (bot) => this.webhooks.kick(bot),
      stopping: this.stopper.signal,
    };
    this.world.onBotCreated = (bot) => wireQueue(this.services, bot);
    this.actions = new UserActions(this.services, options.callbackAnswerTimeoutMs ?? 15_000);
    this.observer = new Observer(this.world);
  }

  /** Starts the HTTP server (port 0 = any free port). */
  async start(opts: { port?: number; host?: string } = {}): Promise<this> {
    if (this.state !== 'new') throw new SandboxError(`start() called on a ${this.state} sandbox`);
    const host = opts.host ?? '127.0.0.1';
    const handler = createRequestHandler({
      services: this.services,
      faults: this.faults,
      held: this.held,
      limits: { maxJsonBytes: this.options.maxJsonBytes ?? 1024 * 1024, maxFileBytes: this.options.maxFileBytes ?? 50 * 1024 * 1024 },
      sandbox: this,
    });
    const server = http.createServer(handler);
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s: Socket) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => { server.off('error', reject); resolve(); });
    });
    this.server = server;
    const port = (server.address() as AddressInfo).port;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    this.state = 'running';
    return this;
  }

  /** Ends long polls, pending waits and webhook deliveries, and closes the server. Idempotent. */
  async stop(): Promise<void> {
    if (this.state === 'stopped') return;
    this.state = 'stopped';
    this.stopper.abort();
    this.webhooks.stop();
    this.services.callbackAnswers.settleAll();
    this.services.preCheckoutAnswers.settleAll();
    this.observer.abortAll();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // Long polls were answered on abort; give them a tick to flush, then cut what is left.
      setImmediate(() => { for (const s of this.sockets) s.destroy(); });
    });
  }

  /** Base URL for Telegraf's `telegram.apiRoot`. */
  get apiRoot(): string {
    if (!this.address) throw new SandboxError('the sandbox is not started');
    return this.address;
  }

  /** The web chat's address (same server). */
  get url(): string {
    return this.apiRoot;
  }

  /** The stop signal, for control-API listeners (SSE) to end with the sandbox. */
  get stopping(): AbortSignal {
    return this.stopper.signal;
  }

  // ---- world setup -------------------------------------------------------------------

  createBot(opts: { username: string; firstName?: string; token?: string; canManageBots?: boolean }): BotInfo {
    return botInfo(this.world.createBot(opts));
  }

  /** Current info for a bot (its token changes after revokeToken / replaceManagedBotToken). */
  bot(ref: BotRef): BotInfo {
    return botInfo(resolveBot(this.world, ref));
  }

  bots(): BotInfo[] {
    return [...this.world.bots.values()].map(botInfo);
  }

  createUser(opts: { firstName: string; lastName?: string; username?: string; id?: number; languageCode?: string }): UserInfo {
    const u = this.world.createUser(opts).user;
    return { id: u.id, firstName: u.first_name, username: u.username, languageCode: u.language_code, user: u };
  }

  /**
   * Sets (or with null clears) a user's `language_code`, as when they switch their Telegram app's
   * language: every update they send from then on carries it (the web chat's language selector).
   */
  setUserLanguage(userId: number, languageCode: string | null): void {
    const rec = this.world.users.get(userId);
    if (!rec) throw new Error(`no user ${userId}`);
    if (languageCode !== null && !/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(languageCode)) throw new Error(`not a language code: ${languageCode}`);
    if (languageCode === null) delete rec.user.language_code;
    else rec.user.language_code = languageCode;
  }

  users(): UserInfo[] {
    return [...this.world.users.values()].map(({ user: u }) => ({ id: u.id, firstName: u.first_name, username: u.username, languageCode: u.language_code, user: u }));
  }

  createChannel(opts: { title: string; username?: string }): ChatInfo {
    return chatInfo(this.world.createGroup('channel', opts.title, opts.username).chat);
  }

  createGroup(opts: { title: string; username?: string; supergroup?: boolean }): ChatInfo {
    return chatInfo(this.world.createGroup(opts.supergroup ? 'supergroup' : 'group', opts.title, opts.username).chat);
  }

  chats(): ChatInfo[] {
    return [...this.world.groups.values()].map((g) => chatInfo(g.chat));
  }

  /** Sets a user's or bot's membership in a group or channel. */
  setChatMember(chatId: number, userOrBotId: number, status: MemberStatus): void {
    const group = this.world.groups.get(chatId);
    if (!group) throw new SandboxError(`no group or channel ${chatId}`);
    if (!this.world.users.has(userOrBotId) && !this.world.bots.has(userOrBotId)) throw new SandboxError(`no user or bot ${userOrBotId}`);
    group.members.set(userOrBotId, status);
  }

  configureFlood(opts: FloodOptions): void {
    this.services.flood.configure(opts);
  }

  // ---- user actions ------------------------------------------------------------------

  /** The user writes `text` to the bot (commands are just text starting with '/'). */
  async sendText(userId: number, botRef: BotRef, text: string, opts: { chatId?: number; replyToMessageId?: number; entities?: MessageEntity[] } = {}): Promise<TgMessage> {
    return this.actions.sendText(resolveUser(this.world, userId), resolveBot(this.world, botRef), text, opts);
  }

  async sendFile(userId: number, botRef: BotRef, file: FileUpload, opts: { chatId?: number } = {}): Promise<TgMessage> {
    return this.actions.sendFile(resolveUser(this.world, userId), resolveBot(this.world, botRef), file, opts);
  }

  /** The user sends an album: one `message` update per file, all with the same media_group_id. */
  async sendAlbum(userId: number, botRef: BotRef, files: FileUpload[], opts: { chatId?: number } = {}): Promise<TgMessage[]> {
    return uploadAlbum(this.actions, resolveUser(this.world, userId), resolveBot(this.world, botRef), files, opts);
  }

  /**
   * A user who is the channel's creator or an administrator posts in it (a text, or a file);
   * every bot that administers the channel gets a `channel_post` update.
   */
  async postToChannel(userId: number, chatId: number, content: ChannelPostContent): Promise<TgMessage> {
    return postInChannel(this.world, resolveUser(this.world, userId), chatId, content);
  }

  /** A post's link as Telegram's apps copy it: `https://t.me/<username>/<id>`, or `https://t.me/c/<internal id>/<id>` (`private`, or no username). */
  postLink(chatId: number, messageId: number, opts: { private?: boolean } = {}): string {
    return channelPostLink(this.world, chatId, messageId, opts);
  }

  /** The channel and post a post link names, or undefined. */
  resolvePostLink(link: string): { chatId: number; messageId: number } | undefined {
    return resolvePostLink(this.world, link);
  }

  async forwardToBot(userId: number, botRef: BotRef, opts: { text: string; fromUserId?: number; fromChatId?: number }): Promise<TgMessage> {
    return this.actions.forwardToBot(resolveUser(this.world, userId), resolveBot(this.world, botRef), opts);
  }

  /** Presses an inline button; `answer` settles when the bot calls answerCallbackQuery. */
  async pressButton(userId: number, botRef: BotRef, messageId: number, callbackData: string, opts: { force?: boolean; chatId?: number } = {}): Promise<PressResult> {
    return this.actions.pressButton(resolveUser(this.world, userId), resolveBot(this.world, botRef), messageId, callbackData, opts);
  }

  /** Presses a reply-keyboard button (sends its text, or starts its request_managed_bot flow). */
  async pressKeyboardButton(userId: number, botRef: BotRef, text: string): Promise<TgMessage> {
    return this.actions.pressKeyboardButton(resolveUser(this.world, userId), resolveBot(this.world, botRef), text);
  }

  /** Pays an invoice: pre_checkout_query, waits for the answer (10 s), then successful_payment. */
  async payInvoice(userId: number, botRef: BotRef, invoiceMessageId: number, opts: { timeoutMs?: number } = {}): Promise<PaymentOutcome> {
    return this.actions.payInvoice(resolveUser(this.world, userId), resolveBot(this.world, botRef), invoiceMessageId, opts.timeoutMs);
  }

  /** Delivers the same successful_payment message again (Telegram can), for idempotency tests. */
  redeliverSuccessfulPayment(telegramPaymentChargeId: string): TgUpdate {
    return this.actions.redeliverSuccessfulPayment(telegramPaymentChargeId);
  }

  /** Whether a Stars charge exists and was refunded. */
  charge(telegramPaymentChargeId: string): { amount: number; userId: number; botId: number; refunded: boolean } | undefined {
    const c = this.services.charges.get(telegramPaymentChargeId);
    return c && { amount: c.amount, userId: c.userId, botId: c.botId, refunded: c.refunded };
  }

  /**
   * The user opens an invite link: with `creates_join_request` the bots administering the chat
   * get `chat_join_request` and the user waits for approval; otherwise the user joins at once.
   */
  openInviteLink(userId: number, inviteLink: string): JoinOutcome {
    return openInviteLink(this.services, resolveUser(this.world, userId), inviteLink);
  }

  blockBot(userId: number, botRef: BotRef): void {
    this.actions.block(resolveUser(this.world, userId), resolveBot(this.world, botRef));
  }

  unblockBot(userId: number, botRef: BotRef): void {
    this.actions.unblock(resolveUser(this.world, userId), resolveBot(this.world, botRef));
  }

  async createManagedBot(userId: number, managerBotRef: BotRef, opts: { username: string; name?: string }): Promise<{ bot: BotInfo; message: TgMessage }> {
    return this.actions.createManagedBot(resolveUser(this.world, userId), resolveBot(this.world, managerBotRef), opts);
  }

  /** Revokes a bot's token (old one → 401) and returns the new token. */
  revokeToken(botRef: BotRef): string {
    return this.world.replaceToken(resolveBot(this.world, botRef));
  }

  injectUpdate(botRef: BotRef, update: Record<string, unknown>): TgUpdate {
    return this.actions.inject(resolveBot(this.world, botRef), update);
  }

  injectFault(spec: FaultSpec): void {
    this.faults.add(spec, spec.botRef === undefined ? undefined : resolveBot(this.world, spec.botRef).id);
  }

  /** Removes every fault and lets the calls a 'hold' fault keeps run ('timeout' calls stay hung). */
  clearFaults(): void {
    this.faults.clear();
    this.held.release();
  }

  /** Calls kept waiting by 'hold', 'delay' and 'timeout' faults, oldest first. */
  heldCalls(): HeldCall[] {
    return this.held.list();
  }

  /** Lets calls held by a 'hold' fault run, oldest first (`count` of them, or all); returns how many. */
  releaseHeld(opts: { count?: number; method?: string; botRef?: BotRef } = {}): number {
    return this.held.release({ count: opts.count, method: opts.method, botId: opts.botRef === undefined ? undefined : resolveBot(this.world, opts.botRef).id });
  }

  // ---- observation -------------------------------------------------------------------

  /** The global sequence number of the latest event; pass as `after` to wait for what comes next. */
  cursor(): number {
    return this.world.seq;
  }

  /** Every message in a chat, in order, with edits (history) and deletions visible. */
  transcript(chatId: number, botRef?: BotRef): TranscriptEntry[] {
    return this.observer.transcript(this.world.conversations.get(this.conversationKey(chatId, botRef)));
  }

  /** The next bot message in a chat (see control/observe.ts for the cursor rules). */
  waitForBotMessage(opts: WaitOptions): Promise<TgMessage> {
    return this.observer.waitForBotMessage(this.conversationKey(opts.chatId, opts.botRef), opts);
  }

  /** The reply keyboard a user currently sees in a bot's chat. */
  replyKeyboard(userId: number, botRef: BotRef): unknown {
    return this.world.conversations.get(this.conversationKey(userId, botRef))?.replyKeyboard;
  }

  /** Messages `botRef` has sent, to one chat or in total: detects duplicates. */
  messageCount(botRef: BotRef, chatId?: number): number {
    return this.stats_.messagesSent(resolveBot(this.world, botRef).id, chatId);
  }

  /** Bot commands as set with setMyCommands (default scope, no language unless given). */
  commands(botRef: BotRef, scope: Record<string, unknown> = { type: 'default' }, languageCode = ''): unknown[] {
    return resolveBot(this.world, botRef).commands.get(`${JSON.stringify(scope)}|${languageCode}`) ?? [];
  }

  webhookInfo(botRef: BotRef): { url: string; pending: number; lastError?: string } | undefined {
    const bot = resolveBot(this.world, botRef);
    return bot.webhook && { url: bot.webhook.url, pending: bot.queue.pending, lastError: bot.webhook.lastErrorMessage };
  }

  stats(): StatsSnapshot {
    const delivered: Record<string, number> = {};
    const pending: Record<string, number> = {};
    for (const b of this.world.bots.values()) {
      delivered[b.id] = b.queue.delivered;
      pending[b.id] = b.queue.pending;
    }
    return this.stats_.snapshot(delivered, pending);
  }

  /** Subscribes to every change (messages, edits, deletions, callback answers, new entities). */
  onEvent(listener: (ev: import('./state/world').WorldEvent) => void): () => void {
    this.world.on('event', listener);
    return () => this.world.off('event', listener);
  }

  /** A stored file's bytes by file_unique_id (for the web chat). */
  fileByUniqueId(uniqueId: string): { data: Buffer; mimeType?: string; fileName?: string } | undefined {
    return this.world.files.byUniqueId(uniqueId);
  }

  /** Conversations involving a user (private chats with each bot). */
  conversationsOf(userId: number): Array<{ botId: number; chatId: number; messages: number }> {
    const out: Array<{ botId: number; chatId: number; messages: number }> = [];
    for (const c of this.world.conversations.values()) if (c.userId === userId && c.botId !== undefined) out.push({ botId: c.botId, chatId: c.chat.id, messages: c.order.length });
    return out;
  }

  private conversationKey(chatId: number, botRef?: BotRef): string {
    if (chatId < 0) return `g:${chatId}`;
    if (botRef !== undefined) return `p:${resolveBot(this.world, botRef).id}:${chatId}`;
    const candidates = [...this.world.conversations.values()].filter((c) => c.userId === chatId);
    if (candidates.length === 1) return candidates[0]!.key;
    throw new SandboxError(`chat ${chatId} is a private chat with ${candidates.length} bots: pass botRef`);
  }
}

function chatInfo(chat: TgChat): ChatInfo {
  const info: ChatInfo = { id: chat.id, title: chat.title ?? '', type: chat.type, chat };
  if (chat.username) info.username = chat.username;
  return info;
}

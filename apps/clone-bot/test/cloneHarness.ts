import { randomBytes } from 'node:crypto';
import { Telegram } from 'telegraf';
import { waitUntil } from '@test-support/waitUntil';
import { TelegramSandbox, type BotInfo, type SandboxOptions, type TgMessage, type UserInfo } from '@motherbot/telegram-sandbox';
import { createLogger, type Logger } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { createCloneBot, type CloneBot } from '../src/bot/createCloneBot';
import { UpdatePoller } from '@motherbot/bot-kit';
import type { CloneBotDeps } from '../src/bot/context';

type DepsOverrides = Partial<Omit<CloneBotDeps, 'cloneDb' | 'logger' | 'counters' | 'ownerId' | 'botUsername' | 'cloneId'>>;

/**
 * One clone bot for an end-to-end test: the real bot (createCloneBot) polling a real
 * TelegramSandbox over HTTP, on its own fresh database of the run's FerretDB. `restart()`
 * stops this bot instance and starts a new one on the same token and database.
 */
export class CloneHarness {
  readonly sandbox: TelegramSandbox;
  readonly logger: Logger = createLogger({ label: 'clone:test', level: 'error', console: Boolean(process.env.HARNESS_LOG) });
  readonly counters = { updates: 0, errors: 0 };
  /** The clone's key, as a worker reads it from its runtime secrets (kept across restarts). */
  readonly cloneKey = randomBytes(32);
  owner!: UserInfo;
  botInfo!: BotInfo;
  clone?: CloneBot;
  private db!: Awaited<ReturnType<typeof openTestDatabase>>;
  private polling?: Promise<void>;
  private poller?: UpdatePoller;

  constructor(
    sandboxOptions: SandboxOptions = { flood: { enabled: false } },
    private readonly overrides: DepsOverrides = {},
  ) {
    this.sandbox = new TelegramSandbox(sandboxOptions);
  }

  async start(): Promise<this> {
    await this.sandbox.start({ port: 0 });
    this.db = await openTestDatabase('clone');
    this.owner = this.sandbox.createUser({ firstName: 'Olga', username: 'olga_owner' });
    this.botInfo = this.sandbox.createBot({ username: `files_${Math.random().toString(36).slice(2, 8)}_bot` });
    await this.launch();
    return this;
  }

  get bot(): number {
    return this.botInfo.id;
  }

  /** The clone's database connection (outlives a bot instance). */
  get connection() {
    return this.db.connection;
  }

  get models() {
    return this.clone!.runtime.models;
  }

  /** Drops the bot's pending updates while no instance polls: updates lost while it was down. */
  async dropPendingUpdates(): Promise<void> {
    await new Telegram(this.botInfo.token, { apiRoot: this.sandbox.apiRoot }).deleteWebhook({ drop_pending_updates: true });
  }

  /** Starts a bot instance (resolves once it is polling). */
  async launch(): Promise<void> {
    const clone = createCloneBot(
      { token: this.botInfo.token, apiRoot: this.sandbox.apiRoot },
      {
        cloneId: 'test',
        ownerId: this.owner.id,
        botUsername: this.botInfo.username,
        cloneKey: this.cloneKey,
        cloneDb: this.db.connection,
        logger: this.logger,
        counters: this.counters,
        deletionIntervalMs: 200,
        statsFlushMs: 100,
        progressEditMs: 200,
        // The tests' fake shortener listens on 127.0.0.1, an address owners' shorteners may not use.
        shortenerAllowInternal: true,
        ...this.overrides,
      },
    );
    clone.bot.botInfo = await clone.bot.telegram.getMe();
    await clone.start();
    clone.startBackground();
    // The worker's own poller (concurrent, in order per chat), so these tests run what production runs.
    const poller = new UpdatePoller(clone.bot, { onError: (error) => this.logger.error('update failed', { error }) });
    this.poller = poller;
    await new Promise<void>((resolve, reject) => {
      this.polling = poller.run(() => resolve());
      this.polling.catch((error: unknown) => {
        if (process.env.HARNESS_LOG) console.error('polling stopped', error);
        reject(error);
      });
    });
    this.clone = clone;
  }

  async stopBot(): Promise<void> {
    if (!this.clone) return;
    await this.poller?.stop({ deadlineMs: 10_000 });
    await this.polling?.catch(() => undefined);
    await this.clone.stop();
    this.clone = undefined;
  }

  async restart(): Promise<void> {
    await this.stopBot();
    await this.launch();
  }

  async close(): Promise<void> {
    await this.stopBot();
    await this.sandbox.stop();
    await this.db.drop();
  }

  user(firstName: string, extra: { username?: string; lastName?: string } = {}): UserInfo {
    return this.sandbox.createUser({ firstName, ...extra });
  }

  /** Sends a text and waits for the first bot message after it that matches `expect`. */
  async say(userId: number, text: string, expect: RegExp = /./, timeoutMs = 10_000): Promise<TgMessage> {
    const after = this.sandbox.cursor();
    await this.sandbox.sendText(userId, this.bot, text);
    return this.sandbox.waitForBotMessage({ chatId: userId, botRef: this.bot, after, timeoutMs, predicate: (m) => expect.test(textOf(m)) });
  }

  /** Waits for the next bot message in a user's chat matching `expect` after `after` (a cursor). */
  next(userId: number, expect: RegExp | ((m: TgMessage) => boolean), after: number, timeoutMs = 10_000): Promise<TgMessage> {
    const predicate = typeof expect === 'function' ? expect : (m: TgMessage) => expect.test(textOf(m));
    return this.sandbox.waitForBotMessage({ chatId: userId, botRef: this.bot, after, timeoutMs, predicate });
  }

  /** The owner (or anyone) sends a document; resolves with the bot's reply matching `expect`. */
  async upload(userId: number, fileName: string, opts: { caption?: string; kind?: 'document' | 'photo' | 'video' | 'audio' | 'voice' | 'animation'; expect?: RegExp } = {}): Promise<TgMessage> {
    const after = this.sandbox.cursor();
    await this.sandbox.sendFile(userId, this.bot, { kind: opts.kind ?? 'document', fileName, content: Buffer.from(`content of ${fileName}`), ...(opts.caption ? { caption: opts.caption } : {}) });
    return this.next(userId, opts.expect ?? /start=/, after);
  }

  /** The code in a reply that carries a share link. */
  static codeOf(message: TgMessage): string {
    const match = /\?start=([A-Za-z0-9_-]+)/.exec(textOf(message));
    if (!match?.[1]) throw new Error(`no share link in: ${textOf(message)}`);
    return match[1];
  }

  /** Bot messages in a user's chat that carry a file. */
  filesIn(userId: number) {
    return this.sandbox.transcript(userId, this.bot).filter((e) => e.direction === 'bot' && hasFile(e.message));
  }

  /** Callback data of every inline button of a message. */
  static buttons(message: TgMessage): Array<{ text: string; data?: string; url?: string }> {
    const markup = (message as { reply_markup?: { inline_keyboard?: Array<Array<{ text: string; callback_data?: string; url?: string }>> } }).reply_markup;
    return (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, data: b.callback_data, url: b.url }));
  }

  /** A message as it is now (after edits), from the transcript. */
  current(userId: number, messageId: number): TgMessage {
    const entry = this.sandbox.transcript(userId, this.bot).find((e) => e.message.message_id === messageId);
    if (!entry) throw new Error(`no message ${messageId}`);
    return entry.message;
  }

  /** Presses the button (as the message shows it now) whose text matches; resolves with the callback answer. */
  async press(userId: number, message: TgMessage, label: RegExp) {
    const button = CloneHarness.buttons(this.current(userId, message.message_id)).find((b) => label.test(b.text));
    if (!button?.data) throw new Error(`no button ${label} in ${JSON.stringify(CloneHarness.buttons(message))}`);
    const pressed = await this.sandbox.pressButton(userId, this.bot, message.message_id, button.data);
    return pressed.answer;
  }

  /** Opens /settings and walks the menu: presses each label in turn; returns the menu message. */
  async settings(userId: number, ...labels: RegExp[]): Promise<TgMessage> {
    const menu = await this.say(userId, '/settings', /Settings/);
    for (const label of labels) {
      const editsBefore = this.sandbox.transcript(userId, this.bot).find((e) => e.message.message_id === menu.message_id)?.history.length ?? 0;
      const cursor = this.sandbox.cursor();
      await this.press(userId, menu, label);
      // Either the menu is edited or a prompt is sent: wait for one of them.
      await this.until(`menu reacts to ${label}`, () => {
        const entries = this.sandbox.transcript(userId, this.bot);
        const edited = (entries.find((e) => e.message.message_id === menu.message_id)?.history.length ?? 0) > editsBefore;
        return edited || entries.some((e) => e.seq > cursor && e.direction === 'bot');
      });
    }
    return this.current(userId, menu.message_id);
  }

  until<T>(what: string, check: () => Promise<T | undefined | false | null> | T | undefined | false | null, timeoutMs = 15_000): Promise<T> {
    return waitUntil(what, check, timeoutMs);
  }
}

export function textOf(m: TgMessage): string {
  const x = m as { text?: string; caption?: string };
  return x.text ?? x.caption ?? '';
}

export function hasFile(m: TgMessage): boolean {
  const x = m as Record<string, unknown>;
  return ['document', 'photo', 'video', 'audio', 'voice', 'animation'].some((k) => x[k] !== undefined);
}

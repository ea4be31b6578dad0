import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { Telegraf } from 'telegraf';
import { TelegramSandbox, type SandboxOptions, type TgMessage } from '@motherbot/telegram-sandbox';
import { createLogger, closeLogger, ensurePlatformIndexes, loadConfig, platformModels, registerSecret, type AppConfig, type Logger, type PlatformModels } from '@motherbot/core';
import { openTestDatabase } from '@test-support/database';
import { watchTelegramErrors, type TelegramErrorLog } from '@test-support/fuzz';
import { createMotherBot } from '../src/bot/createMotherBot';
import { ConversationStore } from '../src/bot/conversationStore';
import { broadcastSender } from '@motherbot/bot-kit';
import { MotherLocales } from '../src/i18n/recipientLocale';
import { reminderSender } from '../src/bot/reminderSender';
import { telegramBotIdentifier } from '../src/bot/botIdentity';
import { CloneOnboarding } from '../src/services/cloneOnboarding';
import { createMotherServices, type MotherServices } from '../src/services/motherServices';

export const SECURITY_MASTER_KEY = 'security-master-key-0123456789abcdefghijklmnop';

/**
 * The mother bot in process, without PM2 (for the security matrix, fuzz and flood suites): the real
 * createMotherBot, services and onboarding on a fresh database of the run's FerretDB, polling
 * the sandbox over HTTP. Clones are created and their desired state changes, but no worker
 * runs (the clone manager is the one part left out; "reconcile" requests are only counted).
 */
export class InProcessMother {
  readonly sandbox: TelegramSandbox;
  readonly dir = mkdtempSync(join(tmpdir(), 'secmother-'));
  config!: AppConfig;
  logger!: Logger;
  models!: PlatformModels;
  services!: MotherServices;
  bot!: Telegraf;
  errors!: TelegramErrorLog;
  reconcileRequests = 0;
  motherBot!: { id: number; token: string; username: string };
  admin!: { id: number; first_name: string };
  private db!: Awaited<ReturnType<typeof openTestDatabase>>;
  private polling?: Promise<void>;

  constructor(
    private readonly env: Record<string, string> = {},
    sandboxOptions: SandboxOptions = { flood: { enabled: false } },
    private readonly options: InProcessMotherOptions = {},
  ) {
    this.sandbox = new TelegramSandbox(sandboxOptions);
  }

  /** The mother's own database connection (with command monitoring when asked for). */
  get connection(): Connection {
    return this.db.connection as Connection;
  }

  async start(): Promise<this> {
    await this.sandbox.start({ port: 0 });
    this.motherBot = this.sandbox.createBot({ username: 'mother_sec_bot', canManageBots: true });
    const admin = this.sandbox.createUser({ firstName: 'Ada', username: 'ada_admin' });
    this.admin = { id: admin.id, first_name: 'Ada' };
    this.db = await openTestDatabase('secm', { monitorCommands: this.options.monitorCommands });
    this.config = loadConfig({
      envFile: null,
      env: {
        NODE_ENV: 'test',
        BOT_TOKEN: this.motherBot.token,
        TELEGRAM_API_ROOT: this.sandbox.apiRoot,
        ADMIN_IDS: String(admin.id),
        MASTER_KEY: SECURITY_MASTER_KEY,
        DATA_DIR: join(this.dir, 'data'),
        LOG_DIR: join(this.dir, 'logs'),
        DATABASE_NAME: this.db.dbName,
        ...this.env,
      },
    });
    registerSecret(SECURITY_MASTER_KEY);
    this.logger = createLogger({ label: 'mother:sec', level: 'warn', ...(process.env.HARNESS_LOG ? { console: true } : { logDir: this.config.logDir }) });
    this.models = platformModels(this.db.connection as Connection);
    await ensurePlatformIndexes(this.models);
    const onChange = () => void (this.reconcileRequests += 1);
    this.services = createMotherServices({ config: this.config, models: this.models, db: this.db.connection as Connection, logger: this.logger, onChange });
    const onboarding = new CloneOnboarding({ config: this.config, models: this.models, masterKey: SECURITY_MASTER_KEY, identify: telegramBotIdentifier(this.config.telegramApiRoot), onChange });
    const locales = new MotherLocales(this.db.connection as Connection, this.models.User);
    await locales.load();
    this.bot = createMotherBot(this.config.botToken, {
      config: this.config,
      models: this.models,
      logger: this.logger,
      onboarding,
      services: this.services,
      conversations: new ConversationStore(this.models.Conversation),
      canManageBots: () => true,
      isAdmin: (id) => this.config.adminIds.includes(id),
      locales,
    });
    this.errors = watchTelegramErrors(this.config.botToken);
    if (this.options.backgroundJobs === false) await this.services.plans.seedDefaults();
    else await this.services.start(reminderSender(this.bot.telegram, locales), broadcastSender(this.bot.telegram));
    await new Promise<void>((resolve, reject) => {
      this.polling = this.bot.launch({ dropPendingUpdates: false }, () => resolve());
      this.polling.catch(reject);
    });
    return this;
  }

  get id(): number {
    return this.motherBot.id;
  }

  /** Sends a text and waits for the first bot message after it matching `expect`. */
  async say(userId: number, text: string, expect: RegExp = /./, timeoutMs = 10_000): Promise<TgMessage> {
    const after = this.sandbox.cursor();
    await this.sandbox.sendText(userId, this.id, text);
    return this.sandbox.waitForBotMessage({ chatId: userId, botRef: this.id, after, timeoutMs, predicate: (m) => expect.test(textOf(m)) });
  }

  /**
   * Presses a button with any data (forced) on the user's last bot message. Resolves with the
   * callback answer and what the press showed: a new message or an edit of the pressed one.
   * With `expect`, waits (up to 5 s) until answer or screen match it.
   */
  async press(userId: number, data: string, expect?: RegExp | ((r: PressOutcome) => boolean)): Promise<PressOutcome> {
    const target = this.sandbox.transcript(userId, this.id).filter((e) => e.direction === 'bot').at(-1);
    if (!target) throw new Error(`no bot message in ${userId}'s chat to press on`);
    const before = JSON.stringify(target.message);
    const cursor = this.sandbox.cursor();
    const pressed = await this.sandbox.pressButton(userId, this.id, target.messageId, data, { force: true });
    const answered = await pressed.answer;
    const outcome = (): PressOutcome => {
      const entries = this.sandbox.transcript(userId, this.id).filter((e) => e.direction === 'bot');
      const fresh = entries.filter((e) => e.seq > cursor && e.messageId !== target.messageId).at(-1);
      const edited = entries.find((e) => e.messageId === target.messageId && JSON.stringify(e.message) !== before);
      const message = fresh?.message ?? edited?.message;
      return { answered: answered !== undefined, answer: answered?.text ?? '', screen: message ? textOf(message) : '', message };
    };
    if (!expect) return outcome();
    const test = typeof expect === 'function' ? expect : (r: PressOutcome) => expect.test(`${r.answer}\n${r.screen}`);
    for (let i = 0; i < 100; i += 1) {
      const r = outcome();
      if (test(r)) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    return outcome();
  }

  async close(): Promise<void> {
    try {
      this.bot.stop('test');
    } catch {
      // not running
    }
    await this.polling?.catch(() => undefined);
    await this.services.stop().catch(() => undefined);
    await this.sandbox.stop();
    await closeLogger(this.logger);
    await this.db.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface InProcessMotherOptions {
  /** Open the database with the driver's command monitoring (`commandStarted` events on the client). */
  monitorCommands?: boolean;
  /** false: no reminder job nor broadcast engine (plans are still seeded), so every command comes from an update. */
  backgroundJobs?: boolean;
}

/** Progress lines for debugging a slow run: SECURITY_TRACE=<file> appends them there. */
export function trace(line: string): void {
  if (process.env.SECURITY_TRACE) appendFileSync(process.env.SECURITY_TRACE, `${new Date().toISOString()} ${line}\n`);
}

export interface PressOutcome {
  answered: boolean;
  answer: string;
  screen: string;
  message?: TgMessage;
}

export function textOf(m: TgMessage): string {
  const x = m as { text?: string; caption?: string };
  return x.text ?? x.caption ?? '';
}

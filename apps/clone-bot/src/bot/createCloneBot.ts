import { Composer, Telegraf, type Context } from 'telegraf';
import { BroadcastEngine } from '@motherbot/core';
import { broadcastSender, isPaymentUpdate, isRetryableTelegramError, languageFeature, localeMiddleware, retryTelegramCalls, userRateLimit } from '@motherbot/bot-kit';
import { createCloneData } from '../data/cloneData';
import type { CloneBotDeps, CloneRuntime } from './context';
import { SettingsStore } from './services/settingsStore';
import { DeletionScheduler } from './services/deletionScheduler';
import { SearchSessions } from './services/searchSessions';
import { privateUpdatesOnly } from './middlewares/privateUpdatesOnly';
import { perUserQueue } from './middlewares/perUserQueue';
import { trackUsers } from './middlewares/trackUsers';
import { parseCallbacks } from './features/callbackRouter';
import { rememberSenders, welcomeFeature } from './features/welcome';
import { createLinkOpener, deliverFeature } from './features/deliver';
import { BatchPager, batchPagesFeature } from './features/batchPages';
import { LinkGate } from './features/linkGate';
import { verificationFeature } from './features/verification';
import { ForceSubscribeGate, forceSubscribeFeature } from './features/forceSubscribe';
import { searchFeature } from './features/search';
import { discoveryFeature } from './features/discovery';
import { RecentFiles } from '../data/recentFiles';
import { albumLinks, shareFeature } from './features/share';
import { batchFeature } from './features/batch';
import { ChannelIndexer } from './features/channelIndexRunner';
import { channelIndexFeature, channelPostIndexing } from './features/channelIndex';
import { settingsMenuFeature } from './features/settings/menu';
import { settingsInputFeature } from './features/settings/inputs';
import { statsFeature } from './features/stats';
import { broadcastFeature } from './features/broadcast';
import { helpFeature } from './features/help';
import { privacyFeature } from './features/privacy';
import { fallbackFeature } from './features/fallback';
import { premiumFeature } from './features/premium';
import { premiumOwnerFeature } from './features/premiumOwner';
import { PremiumInvoices } from './services/premiumInvoice';
import { CommandMenus } from './services/commandMenus';
import { cloneTexts, tr } from '../i18n/texts';

const TOO_FAST = (ctx: Context): string => tr(ctx)('common.tooFast');

export interface CreateCloneBotOptions {
  token: string;
  apiRoot: string;
}

/** A built clone bot: the Telegraf bot (the worker launches its polling) and its background jobs. */
export interface CloneBot {
  bot: Telegraf;
  runtime: CloneRuntime;
  /**
   * What handlers need before the first update: the clone database in its current shape and the
   * statistics writer. Call before polling.
   */
  start(): Promise<void>;
  /**
   * What can wait until the bot polls: broadcasts left running, the auto-delete scheduler, the
   * command menu, the search index. Kept off the start so a clone answers sooner (and thirty
   * starting at once compete for less). Call once polling runs; never rejects.
   */
  startBackground(): void;
  /** Stops the scheduler and the broadcast engine (their state stays in the database). Call after `bot.stop()`. */
  stop(): Promise<void>;
}

/**
 * The clone bot: the same code for every clone, its behaviour set by the clone's own
 * settings. Features are composers; a last handler catches what nothing else did, and every
 * error is counted and logged without stopping the bot.
 */
export function createCloneBot(options: CreateCloneBotOptions, deps: CloneBotDeps): CloneBot {
  const handlerTimeoutMs = 60_000;
  const bot = new Telegraf(options.token, { telegram: { apiRoot: options.apiRoot }, handlerTimeout: handlerTimeoutMs });
  // The one retry layer for Telegram calls (the bot's client and each update's): a passing
  // 429/5xx/network failure is waited out instead of failing the handler, an update's waits
  // within half its handler timeout.
  retryTelegramCalls(bot, {
    handlerTimeoutMs,
    onRetry: (error, delayMs) => deps.logger.warn('Telegram call failed, retrying', { delayMs, error: (error as Error).message }),
  });
  const data = createCloneData(deps.cloneDb, deps.logger, deps.statsFlushMs === undefined ? {} : { intervalMs: deps.statsFlushMs });
  const models = data.models;
  const settings = new SettingsStore(models.Settings);
  const telegram = bot.telegram;
  const runtime: CloneRuntime = {
    deps,
    data,
    models,
    settings,
    telegram,
    deletions: new DeletionScheduler(
      models.ScheduledDeletion,
      {
        deleteMessages: async (chatId, ids) => void (await telegram.deleteMessages(chatId, ids)),
        markNoticeDone: async (chatId, noticeId) =>
          // A timer job: the user's /language choice, else English.
          void (await telegram.editMessageText(chatId, noticeId, undefined, cloneTexts.t(data.languages.get(chatId) ?? 'en', 'common.fileDeletedAsPlanned'))),
        isRetryable: isRetryableTelegramError,
      },
      deps.logger,
      { intervalMs: deps.deletionIntervalMs ?? 5_000 },
    ),
    // One worker per clone: at start it takes over what a dead worker left, and nobody else runs them.
    broadcasts: new BroadcastEngine({ db: deps.cloneDb, send: broadcastSender(telegram), ratePerSecond: deps.broadcastRatePerSecond ?? 25, resumeIntervalMs: 0, soleRunner: true }),
    searches: new SearchSessions(),
    isManager: async (userId) => {
      if (userId === undefined) return false;
      if (userId === deps.ownerId) return true;
      return (await settings.get()).adminIds.includes(userId);
    },
  };
  runtime.broadcasts.on('error', ({ broadcastId, error }) => deps.logger.error('broadcast runner failed', { broadcastId, error }));

  const gate = new ForceSubscribeGate(runtime);
  const linkGate = new LinkGate(runtime);
  // One pager for openings and page presses: the next-page buttons are signed with its key.
  const pager = new BatchPager(runtime);
  const openLink = createLinkOpener(runtime, gate, linkGate, pager);
  // The recent and random lists follow every upload and delete.
  const recent = new RecentFiles(deps.cloneDb);
  data.library.watchers.push(recent);
  // Users' and managers' command menus; a manager's follows the clone admins list.
  const menus = new CommandMenus(telegram, deps.ownerId, deps.logger);
  settings.onSaved = (patch, saved) => {
    if (patch.adminIds) void menus.sync(saved.adminIds);
  };
  const indexer = new ChannelIndexer(runtime, { postsPerSecond: deps.indexPostsPerSecond, progressEditMs: deps.progressEditMs });
  // Albums still collecting at stop are closed (their link sent) before the database closes.
  const albums = albumLinks(runtime);

  bot.use(async (_ctx, next) => {
    deps.counters.updates += 1;
    await next();
  });
  bot.use(privateUpdatesOnly(async (chatId) => (await settings.get()).indexChannel?.chatId === chatId));
  bot.use(channelPostIndexing(runtime, indexer));
  // The update's language, from memory (the user's /language choice, else Telegram's), before
  // the rate limiter, whose warning is in it too.
  bot.use(localeMiddleware(cloneTexts, data.languages));
  // Managers (owner, clone admins) are not limited; the bot's membership changes and payments do not count.
  bot.use(
    userRateLimit({
      perMinute: deps.userRatePerMinute ?? 30,
      counts: (ctx) => ctx.updateType !== 'my_chat_member' && !isPaymentUpdate(ctx),
      isExempt: runtime.isManager,
      warning: { message: TOO_FAST, button: TOO_FAST },
      laterPress: '',
    }),
  );
  bot.use(perUserQueue());
  // No feature runs twice: a database away for a moment is waited out by the data layer's
  // retries (point operations, safe to repeat), so a reply is never sent a second time.
  bot.use(
    Composer.compose([
      trackUsers(data.audience),
      rememberSenders(runtime),
      // Share links first: they are most of a clone's traffic, and no feature before them here
      // takes a `/start <payload>` (the settings inputs leave commands alone). Every middleware
      // an update passes costs it a closure or two: measured, the features that stood in front (a
      // dozen middlewares) cost a link burst a third of its rate.
      verificationFeature(runtime, linkGate, openLink),
      deliverFeature(openLink),
      // Its buttons are bot-kit's `lang:` data, not the clone's: before the callback parser.
      languageFeature(cloneTexts, data.languages),
      parseCallbacks,
      batchPagesFeature(runtime, pager),
      premiumFeature(runtime, new PremiumInvoices(options.token)),
      settingsInputFeature(runtime),
      welcomeFeature(runtime),
      forceSubscribeFeature(gate, openLink),
      searchFeature(runtime, openLink),
      discoveryFeature(runtime, recent, openLink),
      shareFeature(runtime, albums),
      batchFeature(runtime, indexer),
      channelIndexFeature(runtime, indexer),
      settingsMenuFeature(runtime),
      statsFeature(runtime),
      premiumOwnerFeature(runtime),
      broadcastFeature(runtime),
      helpFeature(runtime),
      privacyFeature(runtime),
      fallbackFeature(runtime, openLink),
    ]),
  );
  bot.catch((error, ctx) => {
    deps.counters.errors += 1;
    deps.logger.error('update failed', { updateType: ctx.updateType, error });
  });

  let started = false;
  let background: Promise<unknown> | undefined;
  return {
    bot,
    runtime,
    async start() {
      if (started) return;
      started = true;
      await data.start();
    },
    startBackground() {
      if (background) return;
      const warn = (what: string) => (error: unknown) => deps.logger.warn(what, { error });
      runtime.deletions.start();
      background = Promise.allSettled([
        runtime.broadcasts.start().catch(warn('broadcasts left running could not be resumed')),
        recent.ensureBuilt().catch(warn('discovery lists could not be built; the next start tries again')),
        indexer.resume(),
        // Until it has loaded, "is this user premium?" is a point read per link of a gated clone.
        data.premium.load().catch(warn('premium users could not be loaded; they are read one by one meanwhile')),
        settings
          .get()
          .then((current) => (current.searchEnabled ? data.library.search.load() : undefined))
          .catch(warn('search index build failed; the next search tries again')),
        // The menus are the same at every start, and a failure costs nothing but the menu.
        settings
          .get()
          .then((current) => menus.start(current.adminIds))
          .catch(warn('command menus not set')),
      ]);
    },
    async stop() {
      // A stop right after the start: let the background start finish (briefly) before the database closes.
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([background, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await indexer.stop();
      await albums.closeAll();
      linkGate.shortener.close();
      await runtime.deletions.stop();
      await runtime.broadcasts.stop({ timeoutMs: 5_000 });
      await data.stop();
    },
  };
}

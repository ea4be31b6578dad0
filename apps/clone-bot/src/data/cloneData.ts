import type { Connection } from 'mongoose';
import { cloneDataModels, prepareCloneDatabase, userLanguageModel, UserLanguages, type CloneDataModels, type Logger } from '@motherbot/core';
import { StatsWriter, type StatsWriterOptions } from './statsWriter';
import { FileLibrary } from './fileLibrary';
import { Audience } from './audience';
import { OwnerSessions } from './ownerSessions';
import { PremiumUsers } from './premiumUsers';
import { StarSales } from './starSales';
import { UserAccessStore } from './userAccess';

/**
 * The clone bot's data layer: what features use instead of models. Everything on an update's
 * path is a point operation on a string `_id`; statistics are buffered and written in bulk;
 * anything that scans (broadcast recipients, the search index build, a forgotten user's log)
 * runs off the reply path.
 */
export interface CloneData {
  models: CloneDataModels;
  stats: StatsWriter;
  library: FileLibrary;
  audience: Audience;
  sessions: OwnerSessions;
  /** Who is premium (skips verification and quotas). */
  premium: PremiumUsers;
  /** Premium sold in Telegram Stars: payments, refunds, the Stars in /stats. */
  sales: StarSales;
  /** Each user's link verification and daily quota. */
  access: UserAccessStore;
  /** The languages users chose with /language, held in memory (read whole at start, not per update). */
  languages: UserLanguages;
  /** Migrates the clone database if needed, reads the users' language choices and starts the stats writer. */
  start(): Promise<void>;
  /** Writes the buffered statistics. */
  stop(): Promise<void>;
}

export function createCloneData(db: Connection, logger: Logger, options: StatsWriterOptions = {}): CloneData {
  const models = cloneDataModels(db);
  const stats = new StatsWriter(models, logger, options);
  const library = new FileLibrary(models, stats);
  const premium = new PremiumUsers(models.PremiumUser);
  const languages = new UserLanguages(userLanguageModel(db));
  return {
    models,
    stats,
    library,
    audience: new Audience(models, stats, logger),
    sessions: new OwnerSessions(models.OwnerSession),
    premium,
    sales: new StarSales(models, premium, stats),
    access: new UserAccessStore(models.UserAccess),
    languages,
    async start() {
      await migrateCloneDatabase(db, logger);
      // Before the first update: a user who chose a language is answered in it from the first reply.
      await languages.load();
      stats.start();
    },
    async stop() {
      await stats.stop();
    },
  };
}

/**
 * Brings the clone database to the current shape before the worker polls (indexes included).
 * The usual case (all applied, by the mother at creation or by an earlier start) is one small read.
 */
export function migrateCloneDatabase(db: Connection, logger: Logger): Promise<string[]> {
  return prepareCloneDatabase(db, { log: (message, meta) => logger.info(message, meta) });
}

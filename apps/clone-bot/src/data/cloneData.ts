import type { Connection } from 'mongoose';
import { applyMigrations, cloneDataModels, cloneMigrations, migrationStatus, type CloneDataModels, type Logger } from '@motherbot/core';
import { StatsWriter, type StatsWriterOptions } from './statsWriter';
import { FileLibrary } from './fileLibrary';
import { Audience } from './audience';
import { OwnerSessions } from './ownerSessions';

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
  /** Migrates the clone database if needed, starts the stats writer and, if `warmSearch`, builds the search index in the background. */
  start(options?: { warmSearch?: boolean }): Promise<void>;
  /** Writes the buffered statistics. */
  stop(): Promise<void>;
}

export function createCloneData(db: Connection, logger: Logger, options: StatsWriterOptions = {}): CloneData {
  const models = cloneDataModels(db);
  const stats = new StatsWriter(models, logger, options);
  const library = new FileLibrary(models, stats);
  return {
    models,
    stats,
    library,
    audience: new Audience(models, stats, logger),
    sessions: new OwnerSessions(models.OwnerSession),
    async start({ warmSearch = false } = {}) {
      await migrateCloneDatabase(db, models, logger);
      stats.start();
      if (warmSearch) void library.search.load().catch((error: unknown) => logger.warn('search index build failed; the next search tries again', { error }));
    },
    async stop() {
      await stats.stop();
    },
  };
}

/**
 * Brings the clone database to the current shape before the worker polls. The usual case (all
 * applied) is one small read; otherwise the shared runner takes its lock and migrates.
 */
export async function migrateCloneDatabase(db: Connection, models: CloneDataModels, logger: Logger): Promise<string[]> {
  const status = await migrationStatus(db, cloneMigrations);
  if (status.every((s) => s.state === 'applied')) return [];
  const { applied } = await applyMigrations({
    db,
    models,
    migrations: cloneMigrations,
    // One worker per clone: a lock older than this was left by a worker that died mid-migration.
    lockTtlMs: 120_000,
    log: (message, meta) => logger.info(message, meta),
  });
  return applied;
}

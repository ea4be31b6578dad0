import type { Connection } from 'mongoose';
import { applyMigrations, connectDatabase, databaseUri, ensurePlatformIndexes, platformMigrations, platformModels, registerSecret, type PlatformModels } from '@motherbot/core';
import { MotherLocales } from '../../i18n/recipientLocale';
import { connectWithRetry } from '../connectWithRetry';
import { oneLine } from '../startupSteps';
import type { StartContext } from './startContext';

export interface DatabasePart {
  connection: Connection;
  models: PlatformModels;
  /** Registered as a secret: it may hold credentials. */
  mongoUri: string;
  /** Users' /language choices (read whole here, at start) and the locale of a message sent without an update. */
  locales: MotherLocales;
}

/**
 * The platform database: connect (retrying until the step's deadline), then migrate. A failed
 * migration stops the start with its reason (docs/operations/migrations.md); migrations run to
 * the end even when a signal comes, since they hold a lock.
 */
export async function startDatabase(ctx: StartContext, mongoUriOverride?: string): Promise<DatabasePart> {
  const { config, logger } = ctx;
  const mongoUri = mongoUriOverride ?? databaseUri(config);
  registerSecret(mongoUri);
  let lastDatabaseError: string | undefined;
  const connect = () => connectDatabase(mongoUri, { dbName: config.databaseName, maxPoolSize: config.motherDbPoolSize });
  const connection = await ctx.step(
    'database',
    (signal) => connectWithRetry(connect, logger, signal, (error) => (lastDatabaseError = oneLine(error))),
    { lastProblem: () => lastDatabaseError },
  );
  ctx.onStop('database', () => connection.close());
  const models = platformModels(connection);
  const locales = new MotherLocales(connection, models.User);
  await ctx.step(
    'migrations',
    async () => {
      await applyMigrations({ db: connection, models, migrations: platformMigrations, log: (message, meta) => logger.info(message, meta) });
      await ensurePlatformIndexes(models);
      await locales.load();
    },
    { runToEnd: true },
  );
  logger.info('database connected', { db: config.databaseName });
  return { connection, models, mongoUri, locales };
}

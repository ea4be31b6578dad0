import type { Connection } from 'mongoose';
import { cloneDatabaseName, prepareCloneDatabase, type Logger } from '@motherbot/core';

/**
 * Prepares a new clone's database from the mother (CloneOnboarding's `prepareCloneData`): its
 * migrations and indexes run while PM2 starts the worker, instead of on the worker's start.
 * Failures are logged, not thrown: the worker runs the same preparation before it polls.
 */
export function cloneDataPreparer(platform: Connection, databaseName: string, logger: Logger): (cloneId: string) => Promise<void> {
  return async (cloneId) => {
    try {
      const db = platform.useDb(cloneDatabaseName(databaseName, cloneId), { useCache: true });
      await prepareCloneDatabase(db, { log: (message, meta) => logger.debug(message, { cloneId, ...meta }) });
    } catch (error) {
      logger.warn('could not prepare a new clone database; its worker will', { cloneId, error });
    }
  };
}

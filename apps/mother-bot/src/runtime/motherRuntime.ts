import type { Connection } from 'mongoose';
import { closeLogger, connectDatabase, type AppConfig, type Logger } from '@motherbot/core';
import { databaseUri } from './databaseUri';

export interface MotherRuntimeOptions {
  config: AppConfig;
  logger: Logger;
  /** Overrides the URI derived from the config (the dev launcher's embedded database). */
  mongoUri?: string;
}

/**
 * The mother process: owns the platform database connection, the mother bot and the clone
 * manager. `start` resolves when everything is ready; `stop` undoes it in reverse order and
 * never stops clone workers (they belong to PM2, not to us).
 */
export class MotherRuntime {
  private connection?: Connection;

  constructor(private readonly options: MotherRuntimeOptions) {}

  get db(): Connection {
    if (!this.connection) throw new Error('MotherRuntime is not started');
    return this.connection;
  }

  async start(): Promise<void> {
    const { config, logger } = this.options;
    this.connection = await connectDatabase(this.options.mongoUri ?? databaseUri(config), {
      dbName: config.databaseName,
      maxPoolSize: config.motherDbPoolSize,
    });
    logger.info('database connected', { db: config.databaseName });
  }

  async stop(): Promise<void> {
    await this.connection?.close();
    this.connection = undefined;
  }
}

export { closeLogger };

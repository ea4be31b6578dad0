/**
 * @motherbot/core — the domain layer shared by the mother bot and the clone workers:
 * configuration, logging, database access, models and rules. Knows nothing of Telegraf or PM2.
 */
export * from './errors';
export * from './config/schema';
export * from './config/loadConfig';
export * from './logging/redact';
export * from './logging/createLogger';
export * from './db/ferretdbBinary';
export * from './db/embeddedDatabase';
export * from './db/freePort';
export * from './db/ping';
export * from './db/connect';

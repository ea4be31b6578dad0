/**
 * @motherbot/core — the domain layer shared by the mother bot and the clone workers:
 * configuration, logging, database access (the embedded FerretDB included), the platform's and
 * the clones' models, the rules (subscription policy, run verdict, clone views), token crypto,
 * the broadcast engine, health probes and database migrations. Knows nothing of Telegraf or PM2:
 * Telegram glue is in @motherbot/bot-kit, the operator's runners (readiness, backup, retention)
 * in @motherbot/ops.
 */
export * from './errors';
export * from './config/schema';
export * from './config/loadConfig';
export * from './logging/redact';
export * from './logging/createLogger';
export * from './logging/processLogger';
export * from './db/ferretdbBinary';
export * from './db/embeddedDatabase';
export * from './db/freePort';
export * from './db/ping';
export * from './db/connect';
export * from './db/databaseUri';
export * from './db/databaseRetry';
export * from './db/ids';
export * from './crypto/tokenCrypto';
export * from './crypto/masterKey';
export * from './crypto/verificationToken';
export * from './time/durations';
export * from './time/formatDate';
export * from './net/isLoopback';
export * from './subscription/rules';
export * from './subscription/policy';
export * from './clones/desiredState';
export * from './clones/cloneViews';
export * from './clones/cloneIds';
export * from './clones/workerExitCodes';
export * from './clones/workerSecrets';
export * from './models/user';
export * from './models/clone';
export * from './models/cloneToken';
export * from './models/subscription';
export * from './models/plan';
export * from './models/payment';
export * from './models/auditEvent';
export * from './models/conversation';
export * from './models/heartbeat';
export * from './models/lease';
export * from './models/platformModels';
export * from './models/referral';
export * from './models/platformSettings';
export * from './models/cloneData/cloneSettings';
export * from './text/escapeHtml';
export * from './i18n/index';
export * from './broadcast/index';
export * from './models/cloneData/index';
export * from './health/index';
export * from './models/alert';
export * from './models/errorRecord';
export * from './models/errorRecordTransport';
export * from './migrations/index';
export * from './resilience/retryLoop';
export * from './concurrency/keyedQueue';
export * from './hosts/index';
export * from './webhooks/webhookAddress';

import convict from 'convict';

/**
 * Custom convict formats. Each error message says what is expected, never the value, so that
 * the message is safe to print even for sensitive variables.
 */
convict.addFormat({
  name: 'telegram-id-list',
  validate(value: unknown) {
    if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v) && v > 0)) {
      throw new Error('a comma-separated list of positive Telegram user ids, e.g. 12345,67890');
    }
  },
  coerce(value: unknown) {
    if (Array.isArray(value)) return value;
    const text = String(value ?? '').trim();
    if (text === '') return [];
    return text.split(',').map((part) => (/^\s*\d+\s*$/.test(part) ? Number(part) : NaN));
  },
});

convict.addFormat({
  name: 'bot-token-or-empty',
  validate(value: unknown) {
    if (typeof value !== 'string' || (value !== '' && !/^\d{1,20}:[A-Za-z0-9_-]{30,}$/.test(value))) {
      throw new Error('a bot token from @BotFather (<digits>:<secret>), or empty to use the sandbox');
    }
  },
});

convict.addFormat({
  name: 'master-key-or-empty',
  validate(value: unknown) {
    if (typeof value !== 'string' || (value !== '' && !/^[A-Za-z0-9+/=_-]{32,}$/.test(value))) {
      throw new Error('at least 32 characters of base64/hex (e.g. `openssl rand -base64 32`), or empty in development');
    }
  },
});

convict.addFormat({
  name: 'mongodb-uri-or-empty',
  validate(value: unknown) {
    if (typeof value !== 'string' || (value !== '' && !/^mongodb(\+srv)?:\/\/[^\s]+$/.test(value))) {
      throw new Error('a mongodb:// or mongodb+srv:// URI, or empty for the embedded database');
    }
  },
});

convict.addFormat({
  name: 'http-url',
  validate(value: unknown) {
    if (typeof value !== 'string' || !/^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value)) {
      throw new Error('an http:// or https:// URL without a trailing method path');
    }
  },
});

/** A TCP port, strictly: convict's own `port` parses with parseInt, so `80x` and `1.5` passed as 80 and 1 (configFuzz.test.ts). */
convict.addFormat({
  name: 'tcp-port',
  validate(value: unknown) {
    if (!Number.isSafeInteger(value) || (value as number) < 0 || (value as number) > 65535) throw new Error('a TCP port number, 0 to 65535');
  },
  coerce: (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
});

convict.addFormat({
  name: 'positive-int',
  validate(value: unknown) {
    if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new Error('a positive whole number');
  },
  coerce: (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
});

convict.addFormat({
  name: 'non-negative-int',
  validate(value: unknown) {
    if (!Number.isSafeInteger(value) || (value as number) < 0) throw new Error('a whole number, 0 or more');
  },
  coerce: (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
});

convict.addFormat({
  name: 'webhook-connections',
  validate(value: unknown) {
    if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > 100) throw new Error('a whole number from 1 to 100');
  },
  coerce: (value: unknown) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
});

convict.addFormat({
  name: 'day-list',
  validate(value: unknown) {
    if (!Array.isArray(value) || !value.every((v) => Number.isSafeInteger(v) && v >= 0)) {
      throw new Error('a comma-separated list of whole days, e.g. 3,1,0');
    }
  },
  coerce(value: unknown) {
    if (Array.isArray(value)) return value;
    const text = String(value ?? '').trim();
    return text === '' ? [] : text.split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : NaN));
  },
});

/**
 * The one configuration schema of the platform. Every process (mother, clone worker, scripts)
 * reads this schema; the environment variable named in `env` is the only way to set a value
 * (from the process environment or the optional `.env` file). `docs/configuration.md` is
 * generated from it (`npm run docs:config`).
 */
export const configSchema: convict.Schema<ConfigShape> = {
  nodeEnv: {
    doc: 'Environment. `production` refuses unsafe defaults (no bot token, sandbox API root, no MASTER_KEY).',
    format: ['development', 'test', 'production'],
    default: 'development',
    env: 'NODE_ENV',
  },
  botToken: {
    doc: "The mother bot's token from @BotFather. Empty outside production: `npm start` runs the Telegram sandbox and registers a mother bot there.",
    format: 'bot-token-or-empty',
    default: '',
    env: 'BOT_TOKEN',
    sensitive: true,
  },
  adminIds: {
    doc: 'Telegram user ids of the platform admins, comma-separated. Only they see `/admin`.',
    format: 'telegram-id-list',
    default: [],
    env: 'ADMIN_IDS',
  },
  mongodbUri: {
    doc: 'Any MongoDB 6+ URI. Empty: the embedded FerretDB (SQLite files under DATA_DIR/db) is used.',
    format: 'mongodb-uri-or-empty',
    default: '',
    env: 'MONGODB_URI',
    sensitive: true,
  },
  databaseName: {
    doc: "Name of the platform's own database. Each clone gets its own database, `<name>_clone_<id>`.",
    format: String,
    default: 'motherbot',
    env: 'DATABASE_NAME',
  },
  embeddedDbPort: {
    doc: 'Loopback port of the embedded database when MONGODB_URI is empty.',
    format: 'tcp-port',
    default: 27117,
    env: 'EMBEDDED_DB_PORT',
  },
  telegramApiRoot: {
    doc: 'Bot API root. Point it at the sandbox (`npm run sandbox`) to run offline. Production refuses a loopback root.',
    format: 'http-url',
    default: 'https://api.telegram.org',
    env: 'TELEGRAM_API_ROOT',
  },
  masterKey: {
    doc: 'Secret from which each clone\'s token key is derived (AES-256-GCM). Required in production; in development one is generated into DATA_DIR/secrets/master.key.',
    format: 'master-key-or-empty',
    default: '',
    env: 'MASTER_KEY',
    sensitive: true,
  },
  dataDir: {
    doc: 'Where the platform keeps its state: embedded database files, per-clone runtime files, backups.',
    format: String,
    default: '.data',
    env: 'DATA_DIR',
  },
  logDir: {
    doc: 'Where the logs are: PM2 writes each process\'s stdout and stderr here (`motherbot-out.log`, `motherbot-db-out.log`, `clones/clone-<id>-out.log`, each with an `-error.log`), rotated by pm2-logrotate (docs/runbook.md); with LOG_OUTPUT=files, the daily files instead.',
    format: String,
    default: 'logs',
    env: 'LOG_DIR',
  },
  logOutput: {
    doc: 'Where each process writes its log: `stdout` (one line per entry: JSON in production, readable in development; under PM2 that is the out file and `pm2 logs`) or `files` (daily JSON files under LOG_DIR, rotated at LOG_MAX_SIZE and kept LOG_MAX_FILES, nothing on stdout: only for running outside PM2).',
    format: ['stdout', 'files'],
    default: 'stdout',
    env: 'LOG_OUTPUT',
  },
  logLevel: {
    doc: 'Lowest level written to the logs.',
    format: ['error', 'warn', 'info', 'http', 'verbose', 'debug'],
    default: 'info',
    env: 'LOG_LEVEL',
  },
  logMaxSize: {
    doc: 'With LOG_OUTPUT=files: start a new daily file when one reaches this size (winston-daily-rotate-file syntax, e.g. 20m). Under PM2 pm2-logrotate rotates instead (docs/runbook.md).',
    format: String,
    default: '20m',
    env: 'LOG_MAX_SIZE',
  },
  logMaxFiles: {
    doc: 'With LOG_OUTPUT=files: keep the daily files this long or this many (e.g. 14d or 10), gzipped.',
    format: String,
    default: '14d',
    env: 'LOG_MAX_FILES',
  },
  httpHost: {
    doc: 'Address of the health/metrics/status HTTP server. Loopback by default; anything else requires STATUS_TOKEN.',
    format: String,
    default: '127.0.0.1',
    env: 'HTTP_HOST',
  },
  httpPort: {
    doc: 'Port of the health/metrics/status HTTP server (0 picks a free port).',
    format: 'tcp-port',
    default: 8080,
    env: 'HTTP_PORT',
  },
  statusToken: {
    doc: 'Bearer token protecting the status page and metrics when HTTP_HOST is not loopback.',
    format: String,
    default: '',
    env: 'STATUS_TOKEN',
    sensitive: true,
  },
  sandboxPort: {
    doc: 'Port of the Telegram sandbox started by `npm start` (without BOT_TOKEN) or `npm run sandbox`.',
    format: 'tcp-port',
    default: 8081,
    env: 'SANDBOX_PORT',
  },
  clonesPerOwner: {
    doc: 'How many clones one owner may have (admins are not limited).',
    format: 'positive-int',
    default: 3,
    env: 'CLONES_PER_OWNER',
  },
  trialDays: {
    doc: 'Length of the free trial a new clone starts with (0: no trial, payment first).',
    format: 'non-negative-int',
    default: 3,
    env: 'TRIAL_DAYS',
  },
  referralRewardDays: {
    doc: 'Free days a referrer gets, on a clone of their choice, when an owner they referred pays a first plan (0: referrals off). The default only: an admin can set another number in /admin → ⚙️ Platform (kept in the platform database), which wins until they set it back to the environment default there.',
    format: 'non-negative-int',
    default: 7,
    env: 'REFERRAL_REWARD_DAYS',
  },
  cloneApprovalRequired: {
    doc: 'New clones wait for an admin to approve them in /admin before they start (existing clones are unaffected). The default only: an admin can turn it on or off in /admin → ⚙️ Platform (kept in the platform database), which wins until they set it back to the environment default there.',
    format: Boolean,
    default: false,
    env: 'CLONE_APPROVAL_REQUIRED',
  },
  graceHours: {
    doc: 'Hours after expiry during which the clone keeps running while the owner renews.',
    format: 'non-negative-int',
    default: 0,
    env: 'GRACE_HOURS',
  },
  reminderDays: {
    doc: 'Days before expiry at which the owner is reminded (0 = at expiry).',
    format: 'day-list',
    default: [3, 1, 0],
    env: 'REMINDER_DAYS',
  },
  reconcileIntervalMs: {
    doc: 'How often the clone manager compares the database with PM2 (it also runs right after any change).',
    format: 'positive-int',
    default: 10000,
    env: 'RECONCILE_INTERVAL_MS',
  },
  cloneMaxMemoryMb: {
    doc: 'PM2 restarts a clone worker above this resident memory.',
    format: 'positive-int',
    default: 200,
    env: 'CLONE_MAX_MEMORY_MB',
  },
  cloneDbPoolSize: {
    doc: "Connections in each clone worker's database pool. Total connections ≈ clones × this + the mother's pool.",
    format: 'positive-int',
    default: 2,
    env: 'CLONE_DB_POOL_SIZE',
  },
  motherDbPoolSize: {
    doc: "Connections in the mother's database pool.",
    format: 'positive-int',
    default: 10,
    env: 'MOTHER_DB_POOL_SIZE',
  },
  crashLoopRestarts: {
    doc: 'A clone that restarts this many times within CRASH_LOOP_WINDOW_MIN minutes is stopped and the admins are told.',
    format: 'positive-int',
    default: 5,
    env: 'CRASH_LOOP_RESTARTS',
  },
  crashLoopWindowMin: {
    doc: 'Window of the crash-loop rule, in minutes.',
    format: 'positive-int',
    default: 10,
    env: 'CRASH_LOOP_WINDOW_MIN',
  },
  cloneKillTimeoutMs: {
    doc: 'How long a clone worker may take to finish in-flight updates on SIGTERM before PM2 kills it.',
    format: 'positive-int',
    default: 8000,
    env: 'CLONE_KILL_TIMEOUT_MS',
  },
  heartbeatIntervalMs: {
    doc: 'How often a clone worker writes its heartbeat (the mother calls a clone stale after three missed beats).',
    format: 'positive-int',
    default: 15000,
    env: 'HEARTBEAT_INTERVAL_MS',
  },
  webhookBaseUrl: {
    doc: 'Webhook mode: the public address of this host (e.g. `https://bots.example.com`), where Telegram delivers the updates of the mother and of every clone this host runs. Empty (the default): every bot long-polls. https in production; plain http is accepted outside production (the sandbox).',
    format: (value: unknown) => {
      if (typeof value !== 'string' || (value !== '' && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(value))) {
        throw new Error('an http:// or https:// URL (no query), or empty for long polling');
      }
    },
    default: '',
    env: 'WEBHOOK_BASE_URL',
  },
  webhookPort: {
    doc: 'Webhook mode: the local port of the host\'s one ingress, which takes every bot\'s webhook requests and routes each to its bot (put your TLS proxy in front of it). Clone workers listen on local sockets only.',
    format: 'tcp-port',
    default: 8088,
    env: 'WEBHOOK_PORT',
  },
  webhookHost: {
    doc: 'Webhook mode: the address the ingress listens on. 127.0.0.1 (the default) when a TLS proxy on this host forwards to it; 0.0.0.0 to take requests from another machine.',
    format: String,
    default: '127.0.0.1',
    env: 'WEBHOOK_HOST',
  },
  webhookMaxConnections: {
    doc: 'Webhook mode: how many requests Telegram may have in flight to one bot at once (`max_connections`, 1-100).',
    format: 'webhook-connections',
    default: 40,
    env: 'WEBHOOK_MAX_CONNECTIONS',
  },
  hostId: {
    doc: 'This host\'s name when the platform runs on several hosts (letters, digits, `-`, `_`). Empty: one host, the mother runs every clone under its own PM2 (the default).',
    format: (value: unknown) => {
      if (typeof value !== 'string' || !/^([A-Za-z0-9_-]{1,40})?$/.test(value)) throw new Error('must be 1-40 letters, digits, - or _ (or empty)');
    },
    default: '',
    env: 'HOST_ID',
  },
  hostCapacityClones: {
    doc: 'Multi-host: how many clones this host runs at most.',
    format: 'positive-int',
    default: 250,
    env: 'HOST_CAPACITY_CLONES',
  },
  hostCapacityMemoryMb: {
    doc: 'Multi-host: memory this host gives its clones, in MB (a clone reserves CLONE_MAX_MEMORY_MB). 0: 80% of the machine\'s memory.',
    format: 'nat',
    default: 0,
    env: 'HOST_CAPACITY_MEMORY_MB',
  },
  hostDrain: {
    doc: 'Multi-host: move every clone of this host to the others (the host keeps running until it is empty; `npm run hosts` shows when).',
    format: Boolean,
    default: false,
    env: 'HOST_DRAIN',
  },
  placementEpoch: {
    doc: 'Set by the host agent for a clone worker: the epoch of the placement it runs under (its fencing token). Not for operators.',
    format: 'nat',
    default: 0,
    env: 'PLACEMENT_EPOCH',
  },
  pm2Namespace: {
    doc: 'PM2 namespace of the clone workers (`pm2 ls` shows it).',
    format: String,
    default: 'clones',
    env: 'PM2_NAMESPACE',
  },
  userRatePerMinute: {
    doc: 'Messages and button presses one user may send a bot per minute before being asked to slow down.',
    format: 'positive-int',
    default: 30,
    env: 'USER_RATE_PER_MINUTE',
  },
  shortenerAllowInternal: {
    doc: "Lets clone owners' URL shorteners be on loopback, private or link-local addresses (a shortener you run on your own network, or a local test). Off, an owner's shortener URL can reach public addresses only, so it cannot make a worker call this host's own services.",
    format: Boolean,
    default: false,
    env: 'SHORTENER_ALLOW_INTERNAL',
  },
  broadcastRatePerSecond: {
    doc: 'Messages per second a broadcast sends per bot (Telegram allows about 30).',
    format: 'positive-int',
    default: 25,
    env: 'BROADCAST_RATE_PER_SECOND',
  },
  // --- Operations (backups, retention): read by packages/ops ---
  backupDir: {
    doc: 'Directory of the encrypted backups. Empty: DATA_DIR/backups. Keep a copy off the host (see docs/operations/backups.md).',
    format: String,
    default: '',
    env: 'BACKUP_DIR',
  },
  backupKey: {
    doc: 'Secret that encrypts backups (AES-256-GCM). Empty: a key derived from MASTER_KEY (HKDF, its own label). Store it apart from the backups.',
    format: 'master-key-or-empty',
    default: '',
    env: 'BACKUP_KEY',
    sensitive: true,
  },
  backupIntervalHours: {
    doc: 'How often the mother makes a backup of every database (0: no scheduled backups; `npm run backup` still works).',
    format: 'non-negative-int',
    default: 24,
    env: 'BACKUP_INTERVAL_HOURS',
  },
  backupKeep: {
    doc: 'How many complete backups to keep; older ones are pruned after each backup (the newest verified one is always kept).',
    format: 'positive-int',
    default: 7,
    env: 'BACKUP_KEEP',
  },
  auditRetentionDays: {
    doc: 'Audit events older than this many days are deleted by the retention job (0: keep forever).',
    format: 'non-negative-int',
    default: 365,
    env: 'AUDIT_RETENTION_DAYS',
  },
  deletedCloneRetentionDays: {
    doc: "A deleted clone's database, token, subscription, heartbeat and record are purged this many days after deletion (0: never purged).",
    format: 'non-negative-int',
    default: 30,
    env: 'DELETED_CLONE_RETENTION_DAYS',
  },
  cloneUserRetentionDays: {
    doc: "Users of a clone who blocked it this many days ago and never came back are deleted from the clone's database (0: keep).",
    format: 'non-negative-int',
    default: 180,
    env: 'CLONE_USER_RETENTION_DAYS',
  },
  alertRetentionDays: {
    doc: 'Alert records (collection `alerts`) older than this many days are deleted (0: keep forever).',
    format: 'non-negative-int',
    default: 90,
    env: 'ALERT_RETENTION_DAYS',
  },
  watchIntervalMs: {
    doc: 'How often the mother\'s watchers check the system, the clones, the subscriptions and the database (and sample the status page charts).',
    format: 'positive-int',
    default: 30000,
    env: 'WATCH_INTERVAL_MS',
  },
  alertCooldownMin: {
    doc: 'An alert is not sent again within this many minutes (a flapping condition stays quiet); critical alerts that keep firing are repeated once per cooldown.',
    format: 'positive-int',
    default: 30,
    env: 'ALERT_COOLDOWN_MIN',
  },
  alertCpuLoadPercent: {
    doc: 'System alert when the 1-minute load average per CPU exceeds this percentage (150 = a load of 1.5 per CPU).',
    format: 'positive-int',
    default: 150,
    env: 'ALERT_CPU_LOAD_PERCENT',
  },
  alertMemoryPercent: {
    doc: 'System alert when the host\'s used memory exceeds this percentage.',
    format: 'positive-int',
    default: 90,
    env: 'ALERT_MEMORY_PERCENT',
  },
  alertDiskFreePercent: {
    doc: 'System alert when the free space under DATA_DIR or LOG_DIR falls below this percentage (critical), or below twice it (warning on /health).',
    format: 'non-negative-int',
    default: 10,
    env: 'ALERT_DISK_FREE_PERCENT',
  },
  alertCloneMemoryPercent: {
    doc: 'Clone alert when a worker\'s memory reaches this percentage of CLONE_MAX_MEMORY_MB (PM2 restarts it at 100%).',
    format: 'positive-int',
    default: 90,
    env: 'ALERT_CLONE_MEMORY_PERCENT',
  },
  alertDbSlowMs: {
    doc: 'Database alert when a ping round trip takes longer than this (ms); a ping that fails or takes 5 s is "unreachable".',
    format: 'positive-int',
    default: 500,
    env: 'ALERT_DB_SLOW_MS',
  },
  alertExpiringHours: {
    doc: 'Subscription alert (info) for clones whose subscription ends within this many hours.',
    format: 'non-negative-int',
    default: 24,
    env: 'ALERT_EXPIRING_HOURS',
  },
};

/** The validated configuration. */
export type AppConfig = Readonly<ConfigShape>;

/** Value types of the schema; convict's `Schema<ConfigShape>` keeps the two in step. */
export interface ConfigShape {
  nodeEnv: 'development' | 'test' | 'production';
  botToken: string;
  adminIds: number[];
  mongodbUri: string;
  databaseName: string;
  embeddedDbPort: number;
  telegramApiRoot: string;
  masterKey: string;
  dataDir: string;
  logDir: string;
  logOutput: 'stdout' | 'files';
  logLevel: 'error' | 'warn' | 'info' | 'http' | 'verbose' | 'debug';
  logMaxSize: string;
  logMaxFiles: string;
  httpHost: string;
  httpPort: number;
  statusToken: string;
  sandboxPort: number;
  clonesPerOwner: number;
  trialDays: number;
  referralRewardDays: number;
  cloneApprovalRequired: boolean;
  graceHours: number;
  reminderDays: number[];
  reconcileIntervalMs: number;
  cloneMaxMemoryMb: number;
  cloneDbPoolSize: number;
  motherDbPoolSize: number;
  crashLoopRestarts: number;
  crashLoopWindowMin: number;
  cloneKillTimeoutMs: number;
  heartbeatIntervalMs: number;
  webhookBaseUrl: string;
  webhookPort: number;
  webhookHost: string;
  webhookMaxConnections: number;
  hostId: string;
  hostCapacityClones: number;
  hostCapacityMemoryMb: number;
  hostDrain: boolean;
  placementEpoch: number;
  pm2Namespace: string;
  userRatePerMinute: number;
  shortenerAllowInternal: boolean;
  broadcastRatePerSecond: number;
  backupDir: string;
  backupKey: string;
  backupIntervalHours: number;
  backupKeep: number;
  auditRetentionDays: number;
  deletedCloneRetentionDays: number;
  cloneUserRetentionDays: number;
  alertRetentionDays: number;
  watchIntervalMs: number;
  alertCooldownMin: number;
  alertCpuLoadPercent: number;
  alertMemoryPercent: number;
  alertDiskFreePercent: number;
  alertCloneMemoryPercent: number;
  alertDbSlowMs: number;
  alertExpiringHours: number;
}

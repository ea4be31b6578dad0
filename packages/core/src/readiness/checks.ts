import { constants, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Connection } from 'mongoose';
import type { AppConfig } from '../config/schema';
import { mongoUriIsSafe } from '../config/loadConfig';
import { listBackups } from '../backup/backupStore';
import { redactText } from '../logging/redact';
import { migrationStatus } from '../migrations/migrationRunner';
import { platformMigrations } from '../migrations/platformMigrations';
import { platformModels } from '../models/platformModels';

export type CheckId =
  | 'env-file' | 'production-mode' | 'database-reachable' | 'database-indexes' | 'migrations-applied' | 'database-tls'
  | 'database-credentials' | 'pool-sizes' | 'bot-token' | 'telegram-api-root' | 'clone-tokens' | 'log-dir-writable'
  | 'log-rotation' | 'log-level' | 'log-redaction' | 'admins-configured' | 'master-key' | 'http-protected' | 'rate-limit'
  | 'backup-scheduled' | 'backup-recent' | 'backup-verified' | 'backup-encrypted' | 'retention-configured'
  | 'mother-running' | 'health-endpoint' | 'ready-endpoint' | 'metrics-endpoint' | 'clones-healthy'
  | 'subscriptions-enforced' | 'clone-isolation' | 'memory-within-limits' | 'reminders-configured' | 'docs-present'
  | 'coverage' | 'deploy-configured' | 'error-rate';

export interface CheckResult {
  ok: boolean;
  detail: string;
}

/** What the checks read. Everything outside the process is injected, so core stays framework-free. */
export interface ReadinessInputs {
  config: AppConfig;
  /** The platform database, or the reason it could not be opened. */
  db: Connection | { unreachable: string };
  /** The mother bot's getMe against TELEGRAM_API_ROOT (the CLI and /readiness pass Telegraf's). */
  getMe: () => Promise<{ username?: string }>;
  /** GET on the mother's status server; resolves with the HTTP status. */
  httpGet: (path: string) => Promise<number>;
  /** The repository (docs, coverage report, ecosystem file); default the working directory. */
  repoRoot: string;
  /** Directory of the backups (backupDirOf(config)). */
  backupDir: string;
  now: Date;
}

const HOUR = 3_600_000;
const pass = (detail: string): CheckResult => ({ ok: true, detail });
const fail = (detail: string): CheckResult => ({ ok: false, detail });
const isLoopbackHost = (host: string): boolean => host === 'localhost' || host === '::1' || host.startsWith('127.');
const dbOf = (inputs: ReadinessInputs): Connection => {
  if ('unreachable' in inputs.db) throw new Error(`database not reachable: ${inputs.db.unreachable}`);
  return inputs.db;
};
const ago = (from: Date, to: Date): string => {
  const hours = Math.round((to.getTime() - from.getTime()) / HOUR);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
};
const http = async (inputs: ReadinessInputs, path: string): Promise<CheckResult> => {
  const where = `http://${inputs.config.httpHost}:${inputs.config.httpPort}${path}`;
  try {
    const status = await inputs.httpGet(path);
    return status === 200 ? pass(`${where} answers 200`) : fail(`${where} answers ${status}`);
  } catch (error) {
    return fail(`${where} does not answer (${(error as Error).message}): is the mother running?`);
  }
};
/** How old the newest backup may be: twice the interval, or two days when scheduling is off. */
const backupMaxAgeMs = (config: AppConfig): number => (config.backupIntervalHours > 0 ? 2 * config.backupIntervalHours : 48) * HOUR;

/** Every programmatic check. Each one says in `detail` what it saw, so a failing line says why. */
export const CHECKS: Readonly<Record<CheckId, (inputs: ReadinessInputs) => Promise<CheckResult>>> = {
  async 'env-file'({ config, repoRoot }) {
    const missing = [!config.botToken && 'BOT_TOKEN', !config.masterKey && 'MASTER_KEY', config.adminIds.length === 0 && 'ADMIN_IDS'].filter(Boolean);
    const envFile = existsSync(join(repoRoot, '.env'));
    if (missing.length > 0) return fail(`not set: ${missing.join(', ')}${envFile ? '' : ' (no .env file)'}`);
    return pass(`configuration valid${envFile ? ', .env present' : ' (from the environment)'}`);
  },
  async 'production-mode'({ config }) {
    return config.nodeEnv === 'production' ? pass('NODE_ENV=production (unsafe defaults refused at start)') : fail(`NODE_ENV=${config.nodeEnv}: production rules are not enforced`);
  },
  async 'database-reachable'(inputs) {
    const db = dbOf(inputs);
    const started = Date.now();
    await db.db!.admin().ping();
    return pass(`ping answered in ${Date.now() - started} ms (${inputs.config.mongodbUri ? 'MONGODB_URI' : 'embedded database'})`);
  },
  async 'database-indexes'(inputs) {
    const models = platformModels(dbOf(inputs));
    const missing: string[] = [];
    for (const model of Object.values(models)) {
      const present = new Set((await model.collection.indexes().catch(() => [])).map((i) => JSON.stringify(i.key)));
      for (const [key] of model.schema.indexes()) if (!present.has(JSON.stringify(key))) missing.push(`${model.collection.name} ${JSON.stringify(key)}`);
    }
    return missing.length === 0 ? pass('every declared index exists') : fail(`missing: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}`);
  },
  async 'migrations-applied'(inputs) {
    const status = await migrationStatus(dbOf(inputs), platformMigrations);
    const pending = status.filter((s) => s.state !== 'applied');
    return pending.length === 0 ? pass(`${status.length} applied`) : fail(`not applied: ${pending.map((s) => `${s.id} (${s.state})`).join(', ')}; run \`npm run migrate\``);
  },
  async 'database-tls'({ config }) {
    if (!config.mongodbUri) return pass('embedded database on loopback only');
    return mongoUriIsSafe(config.mongodbUri) ? pass('TLS (or loopback) connection') : fail('MONGODB_URI neither uses TLS (tls=true / mongodb+srv) nor points at loopback');
  },
  async 'database-credentials'({ config }) {
    if (!config.mongodbUri) return pass('embedded database listens on 127.0.0.1 only');
    return /^mongodb(\+srv)?:\/\/[^/@]+:[^/@]+@/.test(config.mongodbUri) ? pass('MONGODB_URI authenticates with a user of its own') : fail('MONGODB_URI has no credentials: create a least-privilege user (docs/deployment.md)');
  },
  async 'pool-sizes'({ config }) {
    return pass(`mother pool ${config.motherDbPoolSize}, ${config.cloneDbPoolSize} per clone worker`);
  },
  async 'bot-token'({ config, getMe }) {
    if (!config.botToken) return fail('BOT_TOKEN is not set (sandbox mode): the mother has no real bot');
    const me = await getMe();
    return pass(`getMe answered @${me.username ?? '?'}`);
  },
  async 'telegram-api-root'({ config }) {
    const host = new URL(config.telegramApiRoot).hostname;
    return isLoopbackHost(host) ? fail(`TELEGRAM_API_ROOT is ${config.telegramApiRoot}: the local sandbox`) : pass(`Bot API at ${config.telegramApiRoot}`);
  },
  async 'clone-tokens'(inputs) {
    const models = platformModels(dbOf(inputs));
    const tokens = await models.CloneToken.find({}, { sealed: 1 }).lean();
    const unsealed = tokens.filter((t) => !(t.sealed && t.sealed.v === 1 && t.sealed.iv && t.sealed.tag && t.sealed.data)).length;
    const rejected = await models.Clone.countDocuments({ deletedAt: null, desiredRunning: true, tokenInvalidAt: { $ne: null } });
    if (unsealed > 0) return fail(`${unsealed} clone token(s) not sealed`);
    return rejected > 0 ? fail(`${rejected} clone(s) that should run have a rejected token`) : pass(`${tokens.length} clone token(s), all sealed, none rejected`);
  },
  async 'log-dir-writable'({ config }) {
    await mkdir(config.logDir, { recursive: true });
    const probe = join(config.logDir, `.readiness-${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe);
    await access(config.logDir, constants.W_OK);
    return pass(`${config.logDir} writable`);
  },
  async 'log-rotation'({ config }) {
    return pass(`daily files, rotated at ${config.logMaxSize}, kept ${config.logMaxFiles}, gzipped`);
  },
  async 'log-level'({ config }) {
    const noisy = config.nodeEnv === 'production' && ['debug', 'verbose'].includes(config.logLevel);
    return noisy ? fail(`LOG_LEVEL=${config.logLevel} in production`) : pass(`LOG_LEVEL=${config.logLevel}`);
  },
  async 'log-redaction'() {
    const token = `123456789:${'A'.repeat(35)}`;
    return redactText(`token ${token}`).includes(token) ? fail('a bot token passes the log redaction') : pass('bot tokens and registered secrets are redacted from every log line');
  },
  async 'admins-configured'({ config }) {
    return config.adminIds.length > 0 ? pass(`${config.adminIds.length} admin(s) get /admin and the alerts`) : fail('ADMIN_IDS is empty: nobody gets /admin or the alerts');
  },
  async 'master-key'({ config }) {
    return config.masterKey ? pass('MASTER_KEY set') : fail('MASTER_KEY not set: a development key in DATA_DIR/secrets is used');
  },
  async 'http-protected'({ config }) {
    if (isLoopbackHost(config.httpHost)) return pass(`status server on ${config.httpHost} only`);
    return config.statusToken ? pass('status server requires STATUS_TOKEN') : fail(`status server on ${config.httpHost} without STATUS_TOKEN`);
  },
  async 'rate-limit'({ config }) {
    return pass(`${config.userRatePerMinute} updates per user per minute; broadcasts at ${config.broadcastRatePerSecond}/s`);
  },
  async 'backup-scheduled'({ config }) {
    return config.backupIntervalHours > 0 ? pass(`every ${config.backupIntervalHours} h, ${config.backupKeep} kept`) : fail('BACKUP_INTERVAL_HOURS=0: no scheduled backups');
  },
  async 'backup-recent'({ config, backupDir, now }) {
    const newest = listBackups(backupDir)[0];
    if (!newest) return fail(`no backup in ${backupDir}: run \`npm run backup\``);
    const at = new Date(newest.summary.createdAt);
    return now.getTime() - at.getTime() <= backupMaxAgeMs(config) ? pass(`${newest.id} (${ago(at, now)})`) : fail(`newest backup ${newest.id} is ${ago(at, now)}`);
  },
  async 'backup-verified'({ config, backupDir, now }) {
    const backups = listBackups(backupDir);
    const verified = backups.find((b) => b.verification?.ok);
    const failed = backups.find((b) => b.verification && !b.verification.ok);
    if (failed && (!verified || failed.id > verified.id)) return fail(`${failed.id} failed verification: ${failed.verification?.problems[0] ?? ''}`);
    if (!verified) return fail('no verified backup: run `npm run backup:verify`');
    const at = new Date(verified.summary.createdAt);
    return now.getTime() - at.getTime() <= backupMaxAgeMs(config) ? pass(`${verified.id} restored and compared`) : fail(`newest verified backup ${verified.id} is ${ago(at, now)}`);
  },
  async 'backup-encrypted'({ config, backupDir }) {
    const newest = listBackups(backupDir)[0];
    if (!newest) return fail('no backup yet');
    const source = newest.summary.keySource === 'BACKUP_KEY' ? 'BACKUP_KEY' : config.masterKey ? 'MASTER_KEY' : 'the development master key';
    return pass(`AES-256-GCM with a key from ${source}`);
  },
  async 'retention-configured'({ config }) {
    const off = [
      ['AUDIT_RETENTION_DAYS', config.auditRetentionDays],
      ['DELETED_CLONE_RETENTION_DAYS', config.deletedCloneRetentionDays],
      ['CLONE_USER_RETENTION_DAYS', config.cloneUserRetentionDays],
      ['ALERT_RETENTION_DAYS', config.alertRetentionDays],
    ].filter(([, days]) => days === 0);
    return off.length === 0
      ? pass(`audit ${config.auditRetentionDays} d, deleted clones ${config.deletedCloneRetentionDays} d, clone users ${config.cloneUserRetentionDays} d, alerts ${config.alertRetentionDays} d`)
      : fail(`off: ${off.map(([n]) => n).join(', ')}`);
  },
  async 'mother-running'(inputs) {
    const lease = await platformModels(dbOf(inputs)).Lease.findById('clone-manager').lean();
    if (!lease) return fail('no clone-manager lease: the mother has never run against this database');
    return lease.until.getTime() >= inputs.now.getTime() ? pass(`clone manager lease held (renewed, valid until ${lease.until.toISOString()})`) : fail(`clone-manager lease expired ${ago(lease.until, inputs.now)}: the mother is not running`);
  },
  'health-endpoint': (inputs) => http(inputs, '/healthz'),
  'ready-endpoint': (inputs) => http(inputs, '/readyz'),
  'metrics-endpoint': (inputs) => http(inputs, '/metrics'),
  async 'clones-healthy'(inputs) {
    const models = platformModels(dbOf(inputs));
    const clones = await models.Clone.find({ deletedAt: null }, { status: 1 }).lean();
    const bad = clones.filter((c) => c.status === 'crash_loop' || c.status === 'errored');
    const running = clones.filter((c) => c.status === 'running').map((c) => c._id);
    const staleBefore = new Date(inputs.now.getTime() - 3 * inputs.config.heartbeatIntervalMs);
    const stale = await models.Heartbeat.countDocuments({ _id: { $in: running }, at: { $lt: staleBefore } });
    if (bad.length > 0 || stale > 0) return fail(`${bad.length} clone(s) crash-looping or errored, ${stale} running without a recent heartbeat`);
    return pass(`${running.length} running of ${clones.length}, heartbeats fresh`);
  },
  async 'subscriptions-enforced'(inputs) {
    const models = platformModels(dbOf(inputs));
    const expiredBefore = new Date(inputs.now.getTime() - inputs.config.graceHours * HOUR - 2 * inputs.config.reconcileIntervalMs);
    const expired = await models.Subscription.find({ expiresAt: { $lt: expiredBefore } }, { _id: 1 }).lean();
    const runningExpired = await models.Clone.countDocuments({ _id: { $in: expired.map((s) => s._id) }, status: 'running', deletedAt: null });
    return runningExpired === 0 ? pass(`no clone runs past its subscription (${expired.length} expired)`) : fail(`${runningExpired} clone(s) running with an expired subscription`);
  },
  async 'clone-isolation'({ config }) {
    const dir = join(config.dataDir, 'run', 'clones');
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
    const open = files.filter((f) => (statSync(join(dir, f)).mode & 0o077) !== 0);
    return open.length === 0 ? pass(`${files.length} worker runtime file(s), all mode 0600; one process and database per clone`) : fail(`${open.length} worker runtime file(s) readable by others in ${dir}`);
  },
  async 'memory-within-limits'(inputs) {
    const limit = inputs.config.cloneMaxMemoryMb * 1024 * 1024;
    const clones = await platformModels(dbOf(inputs)).Clone.find({ deletedAt: null, status: 'running' }, { runtime: 1 }).lean();
    const high = clones.filter((c) => (c.runtime?.memoryBytes ?? 0) > 0.9 * limit);
    return high.length === 0 ? pass(`every running clone below 90% of ${inputs.config.cloneMaxMemoryMb} MB`) : fail(`${high.length} clone(s) above 90% of CLONE_MAX_MEMORY_MB`);
  },
  async 'reminders-configured'({ config }) {
    return config.reminderDays.length > 0 ? pass(`owners reminded ${config.reminderDays.join(', ')} day(s) before expiry`) : fail('REMINDER_DAYS is empty');
  },
  async 'docs-present'({ repoRoot }) {
    const docs = ['docs/deployment.md', 'docs/runbook.md', 'docs/troubleshooting.md', 'docs/reference.md', 'docs/operations/readiness.md'];
    const missing = docs.filter((d) => !existsSync(join(repoRoot, d)));
    return missing.length === 0 ? pass(docs.join(', ')) : fail(`missing: ${missing.join(', ')}`);
  },
  async coverage({ repoRoot }) {
    const file = join(repoRoot, 'coverage', 'coverage-summary.json');
    if (!existsSync(file)) return fail('no coverage/coverage-summary.json: run `npm test`');
    const lines = (JSON.parse(readFileSync(file, 'utf8')) as { total?: { lines?: { pct?: number } } }).total?.lines?.pct ?? 0;
    const at = statSync(file).mtime.toISOString().slice(0, 10);
    return lines >= 80 ? pass(`${lines}% of lines covered (npm test, ${at})`) : fail(`${lines}% of lines covered (< 80%)`);
  },
  async 'deploy-configured'({ repoRoot }) {
    const file = join(repoRoot, 'ecosystem.config.js');
    if (!existsSync(file)) return fail('no ecosystem.config.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the operator's PM2 file is CommonJS
    const ecosystem = require(file) as { deploy?: Record<string, { host?: string | string[]; repo?: string }> };
    const production = ecosystem.deploy?.production;
    if (!production) return fail('ecosystem.config.js has no deploy.production section');
    const hosts = ([] as string[]).concat(production.host ?? []);
    if (hosts.length === 0 || hosts.some((h) => h.includes('example.'))) return fail('deploy.production still has placeholders: set DEPLOY_PRODUCTION_HOST and DEPLOY_REPO (docs/deployment.md)');
    return pass(`pm2 deploy production → ${hosts.join(', ')}`);
  },
  async 'error-rate'(inputs) {
    const beats = await platformModels(dbOf(inputs)).Heartbeat.find({}, { updates: 1, errorCount: 1 }).lean();
    const updates = beats.reduce((n, b) => n + (b.updates ?? 0), 0);
    const errors = beats.reduce((n, b) => n + (b.errorCount ?? 0), 0);
    if (updates === 0) return pass('no clone traffic yet');
    const rate = errors / updates;
    return rate < 0.05 ? pass(`${(rate * 100).toFixed(2)}% of clone updates failed`) : fail(`${(rate * 100).toFixed(1)}% of clone updates failed (≥ 5%)`);
  },
};

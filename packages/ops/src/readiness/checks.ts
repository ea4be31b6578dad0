import { constants, existsSync, readFileSync } from 'node:fs';
import { access, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { HOUR_MS, isLoopback, mongoUriIsSafe, migrationStatus, platformMigrations, platformModels, subscriptionPolicy } from '@motherbot/core';
import { listBackups } from '../backup/backupStore';
import { checkBackupEncrypted } from './backupEncryptionCheck';
import { ago, dbOf, fail, pass, type CheckResult, type ReadinessInputs } from './inputs';
import { PROBE_PREFIX } from './logFiles';
import { checkLogRedaction } from './logRedactionCheck';
import { checkLogRotation } from './logRotationCheck';
import { checkAdminActions, checkAdminsKnown, checkAlertsDelivered, checkErrorAlerts, checkRemindersSent, checkResourceProbes, checkWatchers } from './monitoringChecks';
import { checkCloneIsolation, checkNoLeftovers, checkPoolSizes, checkProcessEnvironments, checkRateLimit } from './processChecks';
import { checkLastShutdown } from './shutdownCheck';
import { checkCoverage, checkTestsPassed } from './testRunCheck';

export type { CheckResult, HttpAnswer, PlatformProcess, ProcessExit, ProcessSnapshot, ReadinessInputs, SupervisorLogRotation } from './inputs';

export type CheckId =
  | 'env-file' | 'production-mode' | 'database-reachable' | 'database-indexes' | 'migrations-applied' | 'database-tls'
  | 'database-credentials' | 'pool-sizes' | 'bot-token' | 'telegram-api-root' | 'clone-tokens' | 'log-dir-writable'
  | 'log-rotation' | 'log-level' | 'log-redaction' | 'admins-known' | 'admin-actions' | 'master-key' | 'http-protected' | 'rate-limit'
  | 'backup-scheduled' | 'backup-recent' | 'backup-verified' | 'backup-encrypted' | 'retention-configured'
  | 'mother-running' | 'last-shutdown-clean' | 'no-leftovers' | 'health-endpoint' | 'ready-endpoint' | 'metrics-endpoint'
  | 'resource-probes' | 'watchers-running' | 'alerts-delivered' | 'error-alerts' | 'clones-healthy'
  | 'subscriptions-enforced' | 'clone-isolation' | 'process-env-clean' | 'memory-within-limits' | 'reminders-configured' | 'reminders-sent' | 'docs-present'
  | 'tests-passed' | 'coverage' | 'deploy-configured' | 'error-rate';

/** Checks that read many files (every log, a whole backup) get longer than the default limit. */
export const CHECK_TIMEOUTS_MS: Readonly<Partial<Record<CheckId, number>>> = {
  'log-redaction': 120_000,
  'backup-encrypted': 120_000,
  'log-rotation': 30_000,
  'process-env-clean': 30_000,
  'clone-isolation': 30_000,
};

const http = async (inputs: ReadinessInputs, path: string, describe?: (body: string) => string): Promise<CheckResult> => {
  const where = `http://${inputs.config.httpHost}:${inputs.config.httpPort}${path}`;
  try {
    const answer = await inputs.httpGet(path);
    if (answer.status !== 200) return fail(`${where} answers ${answer.status}${answer.body ? `: ${answer.body.slice(0, 200).trim()}` : ''}`);
    return pass(`${where} answers 200${describe ? `: ${describe(answer.body)}` : ''}`);
  } catch (error) {
    return fail(`${where} does not answer (${(error as Error).message}): is the mother running?`);
  }
};
/** How old the newest backup may be: twice the interval, or two days when scheduling is off. */
const backupMaxAgeMs = (config: ReadinessInputs['config']): number => (config.backupIntervalHours > 0 ? 2 * config.backupIntervalHours : 48) * HOUR_MS;
/** The checks that need the platform's processes read them once (readinessRun shares one snapshot). */
const withProcesses =
  (check: (inputs: ReadinessInputs, snapshot: Awaited<ReturnType<ReadinessInputs['processes']>>) => Promise<CheckResult>) =>
  async (inputs: ReadinessInputs): Promise<CheckResult> =>
    check(inputs, await inputs.processes());

/** Every programmatic check. Each one says in `detail` what it looked at, so a line says why it passes or fails. */
export const CHECKS: Readonly<Record<CheckId, (inputs: ReadinessInputs) => Promise<CheckResult>>> = {
  async 'env-file'({ config, repoRoot }) {
    const missing = [!config.botToken && 'BOT_TOKEN', !config.masterKey && 'MASTER_KEY', config.adminIds.length === 0 && 'ADMIN_IDS'].filter(Boolean);
    const envPath = join(repoRoot, '.env');
    const envFile = existsSync(envPath) ? `${envPath} (${readFileSync(envPath, 'utf8').split('\n').filter((l) => /^\s*[A-Z_]+=/.test(l)).length} variables)` : 'no .env file (values from the environment)';
    if (missing.length > 0) return fail(`not set: ${missing.join(', ')}; ${envFile}`);
    return pass(`BOT_TOKEN, MASTER_KEY and ADMIN_IDS set, configuration valid; ${envFile}`);
  },
  async 'production-mode'({ config }) {
    return config.nodeEnv === 'production' ? pass('NODE_ENV=production (unsafe defaults refused at start)') : fail(`NODE_ENV=${config.nodeEnv}: production rules are not enforced`);
  },
  async 'database-reachable'(inputs) {
    const db = dbOf(inputs);
    const started = Date.now();
    await db.db!.admin().ping();
    return pass(`ping answered in ${Date.now() - started} ms (${inputs.config.mongodbUri ? 'MONGODB_URI' : `embedded database on 127.0.0.1:${inputs.config.embeddedDbPort}`}, database ${inputs.config.databaseName})`);
  },
  async 'database-indexes'(inputs) {
    const models = platformModels(dbOf(inputs));
    const missing: string[] = [];
    let declared = 0;
    for (const model of Object.values(models)) {
      const present = new Set((await model.collection.indexes().catch(() => [])).map((i) => JSON.stringify(i.key)));
      for (const [key] of model.schema.indexes()) {
        declared += 1;
        if (!present.has(JSON.stringify(key))) missing.push(`${model.collection.name} ${JSON.stringify(key)}`);
      }
    }
    const looked = `${declared} declared index(es) on ${Object.keys(models).length} collections (listIndexes)`;
    return missing.length === 0 ? pass(`${looked}: all exist`) : fail(`missing: ${missing.slice(0, 5).join('; ')}${missing.length > 5 ? ` and ${missing.length - 5} more` : ''}; ${looked}`);
  },
  async 'migrations-applied'(inputs) {
    const status = await migrationStatus(dbOf(inputs), platformMigrations);
    const pending = status.filter((s) => s.state !== 'applied');
    return pending.length === 0 ? pass(`${status.length} of ${platformMigrations.length} migrations recorded applied in \`migrations\``) : fail(`not applied: ${pending.map((s) => `${s.id} (${s.state})`).join(', ')}; run \`npm run migrate\``);
  },
  async 'database-tls'({ config }) {
    if (!config.mongodbUri) return pass(`embedded database on 127.0.0.1:${config.embeddedDbPort} (loopback only)`);
    return mongoUriIsSafe(config.mongodbUri) ? pass('MONGODB_URI uses TLS (or loopback)') : fail('MONGODB_URI neither uses TLS (tls=true / mongodb+srv) nor points at loopback');
  },
  async 'database-credentials'({ config }) {
    if (!config.mongodbUri) return pass(`embedded database listens on 127.0.0.1:${config.embeddedDbPort} only`);
    return /^mongodb(\+srv)?:\/\/[^/@]+:[^/@]+@/.test(config.mongodbUri) ? pass('MONGODB_URI authenticates with a user of its own') : fail('MONGODB_URI has no credentials: create a least-privilege user (docs/deployment.md)');
  },
  'pool-sizes': withProcesses(checkPoolSizes),
  async 'bot-token'({ config, getMe }) {
    if (!config.botToken) return fail('BOT_TOKEN is not set (sandbox mode): the mother has no real bot');
    const me = await getMe();
    return pass(`getMe at ${config.telegramApiRoot} answered @${me.username ?? '?'}`);
  },
  async 'telegram-api-root'({ config }) {
    const host = new URL(config.telegramApiRoot).hostname;
    return isLoopback(host) ? fail(`TELEGRAM_API_ROOT is ${config.telegramApiRoot}: the local sandbox`) : pass(`Bot API at ${config.telegramApiRoot}`);
  },
  async 'clone-tokens'(inputs) {
    const models = platformModels(dbOf(inputs));
    const tokens = await models.CloneToken.find({}, { sealed: 1 }).lean();
    const unsealed = tokens.filter((t) => !(t.sealed && t.sealed.v === 1 && t.sealed.iv && t.sealed.tag && t.sealed.data)).length;
    const rejected = await models.Clone.countDocuments({ deletedAt: null, desiredRunning: true, tokenInvalidAt: { $ne: null } });
    if (unsealed > 0) return fail(`${unsealed} of ${tokens.length} clone_tokens document(s) not sealed`);
    return rejected > 0 ? fail(`${rejected} clone(s) that should run have a rejected token`) : pass(`${tokens.length} clone_tokens document(s), all sealed (v1 AES-GCM), none of the clones that should run rejected`);
  },
  async 'log-dir-writable'({ config }) {
    await mkdir(config.logDir, { recursive: true });
    const probe = join(config.logDir, `${PROBE_PREFIX}${process.pid}`);
    await writeFile(probe, 'ok');
    await rm(probe);
    await access(config.logDir, constants.W_OK);
    return pass(`a file written and removed in ${config.logDir}`);
  },
  'log-rotation': withProcesses(checkLogRotation),
  async 'log-level'({ config }) {
    const noisy = config.nodeEnv === 'production' && ['debug', 'verbose'].includes(config.logLevel);
    return noisy ? fail(`LOG_LEVEL=${config.logLevel} in production`) : pass(`LOG_LEVEL=${config.logLevel} (NODE_ENV=${config.nodeEnv})`);
  },
  'log-redaction': withProcesses(checkLogRedaction),
  'admins-known': checkAdminsKnown,
  'admin-actions': checkAdminActions,
  async 'master-key'({ config }) {
    return config.masterKey ? pass('MASTER_KEY set') : fail('MASTER_KEY not set: a development key in DATA_DIR/secrets is used');
  },
  async 'http-protected'({ config }) {
    if (isLoopback(config.httpHost)) return pass(`status server on ${config.httpHost} only`);
    return config.statusToken ? pass(`status server on ${config.httpHost} requires STATUS_TOKEN`) : fail(`status server on ${config.httpHost} without STATUS_TOKEN`);
  },
  'rate-limit': withProcesses(checkRateLimit),
  async 'backup-scheduled'({ config }) {
    return config.backupIntervalHours > 0 ? pass(`BACKUP_INTERVAL_HOURS=${config.backupIntervalHours}, BACKUP_KEEP=${config.backupKeep}`) : fail('BACKUP_INTERVAL_HOURS=0: no scheduled backups');
  },
  async 'backup-recent'({ config, backupDir, now }) {
    const backups = listBackups(backupDir);
    const newest = backups[0];
    if (!newest) return fail(`no backup in ${backupDir}: run \`npm run backup\``);
    const at = new Date(newest.summary.createdAt);
    const looked = `${backups.length} backup(s) in ${backupDir}, newest ${newest.id} (${ago(at, now)}, ${newest.summary.documents} documents)`;
    return now.getTime() - at.getTime() <= backupMaxAgeMs(config) ? pass(looked) : fail(`${looked}: older than ${backupMaxAgeMs(config) / HOUR_MS} h`);
  },
  async 'backup-verified'({ config, backupDir, now }) {
    const backups = listBackups(backupDir);
    const verified = backups.find((b) => b.verification?.ok);
    const failed = backups.find((b) => b.verification && !b.verification.ok);
    if (failed && (!verified || failed.id > verified.id)) return fail(`${failed.id} failed verification: ${failed.verification?.problems[0] ?? ''}`);
    if (!verified) return fail(`none of ${backups.length} backup(s) in ${backupDir} verified: run \`npm run backup:verify\``);
    const at = new Date(verified.summary.createdAt);
    const looked = `${verified.id}/verified.json: restored into scratch databases on ${verified.verification?.verifiedAt ?? '?'}, ${verified.verification?.documents ?? 0} documents compared`;
    return now.getTime() - at.getTime() <= backupMaxAgeMs(config) ? pass(looked) : fail(`newest verified backup ${verified.id} is ${ago(at, now)}`);
  },
  'backup-encrypted': checkBackupEncrypted,
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
    if (!lease) return fail('no clone-manager lease in `leases`: no mother runs against this database (a mother that stops releases it)');
    return lease.until.getTime() >= inputs.now.getTime()
      ? pass(`clone-manager lease held by ${lease.holder}, renewed, valid until ${lease.until.toISOString()}`)
      : fail(`clone-manager lease of ${lease.holder} expired ${ago(lease.until, inputs.now)}: the mother is not running`);
  },
  'last-shutdown-clean': withProcesses(checkLastShutdown),
  'no-leftovers': withProcesses(checkNoLeftovers),
  'health-endpoint': (inputs) => http(inputs, '/healthz'),
  'ready-endpoint': (inputs) =>
    http(inputs, '/readyz', (body) => {
      const checks = (JSON.parse(body) as { checks?: Array<{ name: string; status: string }> }).checks ?? [];
      return checks.map((c) => `${c.name} ${c.status}`).join(', ');
    }),
  'metrics-endpoint': async (inputs) => {
    const result = await http(inputs, '/metrics', (body) => `${body.split('\n').filter((l) => l.startsWith('# TYPE ')).length} metric families`);
    return result.ok && / 0 metric families$/.test(result.detail) ? fail(result.detail) : result;
  },
  'resource-probes': checkResourceProbes,
  'watchers-running': checkWatchers,
  'alerts-delivered': withProcesses(checkAlertsDelivered),
  'error-alerts': checkErrorAlerts,
  async 'clones-healthy'(inputs) {
    const models = platformModels(dbOf(inputs));
    const clones = await models.Clone.find({ deletedAt: null }, { status: 1 }).lean();
    const bad = clones.filter((c) => c.status === 'crash_loop' || c.status === 'errored');
    const running = clones.filter((c) => c.status === 'running').map((c) => c._id);
    const staleBefore = new Date(inputs.now.getTime() - 3 * inputs.config.heartbeatIntervalMs);
    const stale = await models.Heartbeat.countDocuments({ _id: { $in: running }, at: { $lt: staleBefore } });
    if (bad.length > 0 || stale > 0) return fail(`${bad.length} clone(s) crash-looping or errored, ${stale} running without a recent heartbeat`);
    return pass(`${running.length} running of ${clones.length} clone(s), their heartbeats younger than ${(3 * inputs.config.heartbeatIntervalMs) / 1000} s`);
  },
  async 'subscriptions-enforced'(inputs) {
    const models = platformModels(dbOf(inputs));
    const expiredBefore = new Date(inputs.now.getTime() - subscriptionPolicy(inputs.config).graceMs - 2 * inputs.config.reconcileIntervalMs);
    const expired = await models.Subscription.find({ expiresAt: { $lt: expiredBefore } }, { _id: 1 }).lean();
    const runningExpired = await models.Clone.countDocuments({ _id: { $in: expired.map((s) => s._id) }, status: 'running', deletedAt: null });
    return runningExpired === 0 ? pass(`no clone runs past its subscription (${expired.length} expired)`) : fail(`${runningExpired} clone(s) running with an expired subscription`);
  },
  'clone-isolation': withProcesses(checkCloneIsolation),
  'process-env-clean': withProcesses(checkProcessEnvironments),
  async 'memory-within-limits'(inputs) {
    const limit = inputs.config.cloneMaxMemoryMb * 1024 * 1024;
    const clones = await platformModels(dbOf(inputs)).Clone.find({ deletedAt: null, status: 'running' }, { runtime: 1 }).lean();
    const high = clones.filter((c) => (c.runtime?.memoryBytes ?? 0) > 0.9 * limit);
    const largest = Math.max(0, ...clones.map((c) => c.runtime?.memoryBytes ?? 0));
    const looked = `${clones.length} running clone(s), largest ${Math.round(largest / 2 ** 20)} MB (as PM2 last reported)`;
    return high.length === 0 ? pass(`${looked}, all below 90% of CLONE_MAX_MEMORY_MB=${inputs.config.cloneMaxMemoryMb}`) : fail(`${high.length} clone(s) above 90% of CLONE_MAX_MEMORY_MB; ${looked}`);
  },
  async 'reminders-configured'({ config }) {
    return config.reminderDays.length > 0 ? pass(`owners reminded ${config.reminderDays.join(', ')} day(s) before expiry`) : fail('REMINDER_DAYS is empty');
  },
  'reminders-sent': checkRemindersSent,
  async 'docs-present'({ repoRoot }) {
    const docs = ['docs/deployment.md', 'docs/runbook.md', 'docs/troubleshooting.md', 'docs/reference.md', 'docs/operations/readiness.md'];
    const missing = docs.filter((d) => !existsSync(join(repoRoot, d)));
    return missing.length === 0 ? pass(docs.join(', ')) : fail(`missing: ${missing.join(', ')}`);
  },
  'tests-passed': checkTestsPassed,
  coverage: checkCoverage,
  async 'deploy-configured'({ repoRoot }) {
    const file = join(repoRoot, 'ecosystem.config.js');
    if (!existsSync(file)) return fail('no ecosystem.config.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the operator's PM2 file is CommonJS
    const ecosystem = require(file) as { deploy?: Record<string, { host?: string | string[]; repo?: string }> };
    const production = ecosystem.deploy?.production;
    if (!production) return fail('ecosystem.config.js has no deploy.production section');
    const hosts = ([] as string[]).concat(production.host ?? []);
    if (hosts.length === 0 || hosts.some((h) => h.includes('example.'))) return fail('deploy.production in ecosystem.config.js still has placeholders: set DEPLOY_PRODUCTION_HOST and DEPLOY_REPO (docs/deployment.md)');
    return pass(`pm2 deploy production → ${hosts.join(', ')}`);
  },
  async 'error-rate'(inputs) {
    const beats = await platformModels(dbOf(inputs)).Heartbeat.find({}, { updates: 1, errorCount: 1 }).lean();
    const updates = beats.reduce((n, b) => n + (b.updates ?? 0), 0);
    const errors = beats.reduce((n, b) => n + (b.errorCount ?? 0), 0);
    const looked = `${beats.length} clone heartbeat(s): ${errors} failed of ${updates} updates since their workers started`;
    if (updates === 0) return pass(`${looked} (no clone traffic yet)`);
    const rate = errors / updates;
    return rate < 0.05 ? pass(`${looked}, ${(rate * 100).toFixed(2)}%`) : fail(`${(rate * 100).toFixed(1)}% of clone updates failed (≥ 5%); ${looked}`);
  },
};

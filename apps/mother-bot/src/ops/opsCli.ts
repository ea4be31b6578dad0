import mongoose from 'mongoose';
import {
  MigrationError,
  applyMigrations,
  connectDatabase,
  loadConfigOrExit,
  migrationStatus,
  platformMigrations,
  platformModels,
  registerSecret,
  type AppConfig,
} from '@motherbot/core';
import {
  RestoreTargetNotEmptyError,
  backupDirOf,
  formatReadinessReport,
  listBackups,
  locateBackup,
  resolveBackupKey,
  restoreBackup,
  verifyBackup,
} from '@motherbot/ops';
import { databaseUri } from '@motherbot/core';
import { describeBackup, runBackupJob } from './backupJob';
import { runReadiness } from './readinessRun';
import { formatHostsReport, hostsReport } from '../hosts/hostsReport';

const USAGE = `usage:
  npm run backup [-- --list | --no-verify]
  npm run restore -- <backup id | path | latest> [--force] [--database <name>]
  npm run backup:verify [-- <backup id | path | latest>]
  npm run migrate [-- --status]
  npm run readiness [-- --open | --json | --pm2-home <dir>]
  npm run hosts [-- --json | drain <host> | undrain <host>]`;

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Connects to the platform database of `config` (MONGODB_URI, or the embedded one on its port). */
async function connect(config: AppConfig, dbName = config.databaseName): Promise<mongoose.Connection> {
  const uri = databaseUri(config);
  registerSecret(uri);
  return connectDatabase(uri, { dbName, maxPoolSize: 4, serverSelectionTimeoutMS: 5000 });
}

async function backup(config: AppConfig, args: string[]): Promise<number> {
  if (args.includes('--list')) {
    const backups = listBackups(backupDirOf(config));
    if (backups.length === 0) say(`no backups in ${backupDirOf(config)}`);
    for (const b of backups) {
      const v = b.verification ? (b.verification.ok ? `verified ${b.verification.verifiedAt}` : 'VERIFICATION FAILED') : 'not verified';
      say(`${b.id}  ${b.summary.databases} db  ${b.summary.documents} docs  ${Math.ceil(b.summary.bytes / 1024)} KB  ${v}`);
    }
    return 0;
  }
  const db = await connect(config);
  try {
    const result = await runBackupJob({ client: db.getClient(), config, verify: !args.includes('--no-verify'), onProgress: (m, meta) => say(`  ${m} ${JSON.stringify(meta ?? {})}`) });
    say(`backup ${describeBackup(result)}`);
    say(`in ${backupDirOf(config)}/${result.id}`);
    return result.verification?.ok === false ? 1 : 0;
  } finally {
    await db.close();
  }
}

async function restore(config: AppConfig, args: string[]): Promise<number> {
  const name = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--database');
  if (!name) {
    say(USAGE);
    return 64;
  }
  const dbFlag = args.indexOf('--database');
  const target = dbFlag >= 0 ? (args[dbFlag + 1] ?? config.databaseName) : config.databaseName;
  const backupToRestore = locateBackup(backupDirOf(config), name);
  const db = await connect(config);
  try {
    const result = await restoreBackup({
      client: db.getClient(),
      backup: backupToRestore,
      key: resolveBackupKey(config),
      targetPlatformDatabase: target,
      force: args.includes('--force'),
      onProgress: (m, meta) => say(`  ${m} ${JSON.stringify(meta ?? {})}`),
    });
    say(`restored ${backupToRestore.id} into ${result.databases.map((d) => d.to).join(', ')}`);
    say('start the mother (pm2 start motherbot): it adopts or restarts the clones from the restored state');
    return 0;
  } catch (error) {
    if (error instanceof RestoreTargetNotEmptyError) {
      say(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

async function verify(config: AppConfig, args: string[]): Promise<number> {
  const backupToVerify = locateBackup(backupDirOf(config), args.find((a) => !a.startsWith('--')) ?? 'latest');
  const db = await connect(config);
  try {
    const record = await verifyBackup({ client: db.getClient(), backup: backupToVerify, key: resolveBackupKey(config), scratchPrefix: `${config.databaseName}_verify` });
    say(record.ok ? `${record.id}: verified — restored into scratch databases, ${record.documents} documents, counts and checksums match` : `${record.id}: FAILED\n  ${record.problems.join('\n  ')}`);
    return record.ok ? 0 : 1;
  } finally {
    await db.close();
  }
}

async function migrate(config: AppConfig, args: string[]): Promise<number> {
  const db = await connect(config);
  try {
    if (!args.includes('--status')) {
      const result = await applyMigrations({ db, models: platformModels(db), migrations: platformMigrations, log: (m, meta) => say(`  ${m} ${JSON.stringify(meta ?? {})}`) });
      say(result.applied.length ? `applied: ${result.applied.join(', ')}` : 'nothing to apply');
    }
    for (const s of await migrationStatus(db, platformMigrations)) say(`  ${s.state.padEnd(8)} ${s.id}  ${s.description}${s.error ? `  (${s.error})` : ''}`);
    return 0;
  } catch (error) {
    if (error instanceof MigrationError) {
      say(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

async function readiness(config: AppConfig, args: string[]): Promise<number> {
  const db = await connect(config).catch((error: unknown) => ({ unreachable: (error as Error).message }));
  try {
    const home = args.indexOf('--pm2-home');
    const pm2Homes = home >= 0 && args[home + 1] ? [args[home + 1] as string] : undefined;
    const report = await runReadiness({ config, db, pm2Homes });
    say(args.includes('--json') ? JSON.stringify(report, null, 2) : formatReadinessReport(report, { onlyOpen: args.includes('--open') }));
    return report.ready ? 0 : 1;
  } finally {
    if (!('unreachable' in db)) await db.close();
  }
}

/**
 * Several hosts: lists them with their clones, capacity, beat and roles; `drain <host>` moves
 * its clones to the others (a share per coordinator pass), `undrain <host>` takes it back.
 */
async function hosts(config: AppConfig, args: string[]): Promise<number> {
  const db = await connect(config);
  try {
    const models = platformModels(db);
    const [verb, hostId] = args;
    if (verb === 'drain' || verb === 'undrain') {
      if (!hostId) {
        say(`usage: npm run hosts -- ${verb} <host>`);
        return 64;
      }
      const changed = await models.Host.updateOne({ _id: hostId }, { $set: { draining: verb === 'drain' } });
      if (changed.matchedCount === 0) {
        say(`no host ${hostId}`);
        return 1;
      }
      say(verb === 'drain' ? `${hostId} drains: its clones move to the other hosts; \`npm run hosts\` says when it is empty` : `${hostId} takes clones again`);
      return 0;
    }
    const [hostDocs, placements, clones, leases] = await Promise.all([models.Host.find({}).lean(), models.Placement.find({}).lean(), models.Clone.find({ deletedAt: null }).lean(), models.FencedLease.find({}).lean()]);
    const rows = hostsReport(hostDocs, placements, clones, leases, new Date());
    const placed = new Set(placements.map((p) => p._id));
    const unplaced = clones.filter((c) => !placed.has(c._id)).length;
    say(args.includes('--json') ? JSON.stringify({ hosts: rows, unplaced }, null, 2) : formatHostsReport(rows, unplaced));
    return 0;
  } finally {
    await db.close();
  }
}

const COMMANDS: Record<string, (config: AppConfig, args: string[]) => Promise<number>> = {
  hosts,
  backup,
  restore,
  'backup:verify': verify,
  migrate,
  readiness,
};

/** `node apps/mother-bot/dist/ops/opsCli.js <command> [args]`: the operator's commands (root package.json scripts). */
async function main(): Promise<void> {
  const [command = '', ...args] = process.argv.slice(2);
  const run = COMMANDS[command];
  if (!run || args.includes('--help')) {
    say(USAGE);
    process.exit(run ? 0 : 64);
  }
  const config = loadConfigOrExit();
  for (const secret of [config.botToken, config.masterKey, config.mongodbUri, config.backupKey, config.statusToken]) registerSecret(secret);
  process.exit(await run(config, args));
}

main().catch((error: unknown) => {
  process.stderr.write(`${process.argv[2] ?? 'ops'} failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import type { AppConfig } from '@motherbot/core';
import {
  backupDirOf,
  createBackup,
  pruneBackups,
  resolveBackupKey,
  verifyBackup,
  type MongoClient,
  type VerificationRecord,
} from '@motherbot/ops';

export interface BackupJobResult {
  id: string;
  documents: number;
  databases: number;
  bytes: number;
  verification: VerificationRecord | null;
  pruned: string[];
}

/**
 * One backup as the scheduler, `/backup` and `npm run backup` make it: back up every database,
 * prove it restores (unless `verify` is false), then prune by BACKUP_KEEP.
 */
export async function runBackupJob(deps: {
  client: MongoClient;
  config: AppConfig;
  verify?: boolean;
  now?: Date;
  onProgress?: (message: string, meta?: Record<string, unknown>) => void;
}): Promise<BackupJobResult> {
  const { client, config } = deps;
  const key = resolveBackupKey(config);
  const backupDir = backupDirOf(config);
  const made = await createBackup({ client, platformDatabase: config.databaseName, backupDir, key, now: deps.now, onProgress: deps.onProgress });
  const verification =
    deps.verify === false
      ? null
      : await verifyBackup({ client, backup: { id: made.id, dir: made.dir, summary: made.summary, verification: null }, key, scratchPrefix: `${config.databaseName}_verify` });
  const pruned = await pruneBackups(backupDir, config.backupKeep, deps.now);
  return { id: made.id, documents: made.summary.documents, databases: made.summary.databases, bytes: made.summary.bytes, verification, pruned };
}

/** One line for logs and chat. */
/** A backup's size the one way logs and the admin's chat write it: KB under a megabyte, else MB with one decimal. */
export function backupSize(bytes: number): { unit: 'KB' | 'MB'; size: string } {
  return bytes > 1_048_576 ? { unit: 'MB', size: (bytes / 1_048_576).toFixed(1) } : { unit: 'KB', size: String(Math.ceil(bytes / 1024)) };
}

export function describeBackup(result: BackupJobResult): string {
  const { unit, size: amount } = backupSize(result.bytes);
  const size = `${amount} ${unit}`;
  const verified = result.verification === null ? 'not verified' : result.verification.ok ? 'verified by a test restore' : `VERIFICATION FAILED: ${result.verification.problems.join('; ')}`;
  return `${result.id}: ${result.databases} database(s), ${result.documents} document(s), ${size}, ${verified}${result.pruned.length ? `; pruned ${result.pruned.length} old backup(s)` : ''}`;
}

import { join } from 'node:path';
import { cloneDatabaseName } from '@motherbot/core';
import { BackupError, RestoreTargetNotEmptyError } from './backupErrors';
import type { BackupKey } from './backupKey';
import { MANIFEST_FILE, type StoredBackup } from './backupStore';
import { nonEmpty, type MongoClient } from './databases';
import { fileSha256, readEncryptedText, readEncryptedFile } from './encryptedFile';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, parseDocumentLine, type BackupManifest, type DatabaseEntry } from './manifest';

/**
 * Opens and checks a backup before anything is written: the key matches the one that made it,
 * the manifest decrypts (GCM authenticates it) and matches the summary's SHA-256, and every
 * collection file is present with the SHA-256 the manifest lists.
 */
export async function openBackup(backup: StoredBackup, key: BackupKey): Promise<BackupManifest> {
  if (backup.summary.format !== BACKUP_FORMAT || backup.summary.version > BACKUP_FORMAT_VERSION) {
    throw new BackupError(`${backup.id} is not a backup this version can read (format ${backup.summary.format} v${backup.summary.version})`, { id: backup.id });
  }
  if (backup.summary.keyId !== key.keyId) {
    throw new BackupError(
      `${backup.id} was encrypted with another key (key id ${backup.summary.keyId}, from ${backup.summary.keySource}); set BACKUP_KEY or MASTER_KEY to the one in use then`,
      { id: backup.id },
    );
  }
  const manifestPath = join(backup.dir, MANIFEST_FILE);
  if ((await fileSha256(manifestPath).catch(() => '')) !== backup.summary.manifestSha256) {
    throw new BackupError(`${backup.id}: manifest missing or altered (SHA-256 differs from summary.json)`, { id: backup.id });
  }
  const manifest = JSON.parse(await readEncryptedText(manifestPath, 'manifest', key.key)) as BackupManifest;
  for (const database of manifest.databases) {
    for (const collection of database.collections) {
      const actual = await fileSha256(join(backup.dir, `${collection.file}.enc`)).catch(() => 'missing');
      if (actual !== collection.fileSha256) {
        throw new BackupError(`${backup.id}: file ${collection.file}.enc (${database.name}.${collection.name}) is ${actual === 'missing' ? 'missing' : 'altered'}`, {
          id: backup.id,
          file: collection.file,
        });
      }
    }
  }
  return manifest;
}

/** Where each backed-up database goes: the target platform name, and `<target>_clone_<id>` for clones. */
export function targetDatabaseName(database: DatabaseEntry, targetPlatformDatabase: string): string {
  return database.role === 'clone' && database.cloneId ? cloneDatabaseName(targetPlatformDatabase, database.cloneId) : targetPlatformDatabase;
}

export interface RestoreOptions {
  client: MongoClient;
  backup: StoredBackup;
  key: BackupKey;
  /** DATABASE_NAME of the target (the same or another deployment, or a scratch name). */
  targetPlatformDatabase: string;
  /** Replace non-empty target databases (they are dropped first). */
  force?: boolean;
  onProgress?: (message: string, meta?: Record<string, unknown>) => void;
}

export interface RestoreResult {
  manifest: BackupManifest;
  databases: Array<{ from: string; to: string; documents: number }>;
}

const BATCH = 500;

/**
 * Restores a backup. Checks the whole backup first ({@link openBackup}), then refuses if any
 * target database holds documents unless `force` (then each is dropped and rebuilt, so it ends
 * exactly as backed up). Documents keep their BSON types; indexes are recreated as listed.
 * The mother must be stopped while its own database is restored (docs/operations/backups.md).
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const manifest = await openBackup(options.backup, options.key);
  const plan = manifest.databases.map((database) => ({ database, to: targetDatabaseName(database, options.targetPlatformDatabase) }));
  const occupied: string[] = [];
  for (const { to } of plan) if (await nonEmpty(options.client.db(to))) occupied.push(to);
  if (occupied.length > 0 && !options.force) throw new RestoreTargetNotEmptyError(occupied);

  const result: RestoreResult = { manifest, databases: [] };
  for (const { database, to } of plan) {
    const db = options.client.db(to);
    if (options.force) await db.dropDatabase();
    let documents = 0;
    for (const collection of database.collections) {
      await db.createCollection(collection.name).catch((error: { codeName?: string }) => {
        if (error.codeName !== 'NamespaceExists') throw error;
      });
      const target = db.collection(collection.name);
      let pending = '';
      let batch: Array<Record<string, unknown>> = [];
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const docs = batch;
        batch = [];
        await target.insertMany(docs, { ordered: true });
        documents += docs.length;
      };
      await readEncryptedFile(join(options.backup.dir, `${collection.file}.enc`), collection.file, options.key.key, async (text) => {
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) {
          if (line) batch.push(parseDocumentLine(line));
          if (batch.length >= BATCH) await flush();
        }
      });
      if (pending) batch.push(parseDocumentLine(pending));
      await flush();
      for (const index of collection.indexes) await target.createIndex(index.key as never, { ...index.options, name: index.name });
    }
    result.databases.push({ from: database.name, to, documents });
    options.onProgress?.('database restored', { from: database.name, to, documents });
  }
  return result;
}

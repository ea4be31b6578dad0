import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { BackupKey } from './backupKey';
import { MANIFEST_FILE, PARTIAL_SUFFIX, SUMMARY_FILE, newBackupId } from './backupStore';
import { indexDefinitions, listCollectionNames, listPlatformDatabases, type MongoClient } from './databases';
import { writeEncryptedFile } from './encryptedFile';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  DocumentDigest,
  EXACT_READ,
  documentLine,
  type BackupManifest,
  type BackupSummary,
  type CollectionEntry,
  type DatabaseEntry,
} from './manifest';

export interface CreateBackupOptions {
  client: MongoClient;
  /** DATABASE_NAME: the platform database; its clones are `<name>_clone_<id>`. */
  platformDatabase: string;
  backupDir: string;
  key: BackupKey;
  now?: Date;
  /** Progress lines for the CLI and the logs. */
  onProgress?: (message: string, meta?: Record<string, unknown>) => void;
}

export interface BackupResult {
  id: string;
  dir: string;
  summary: BackupSummary;
  manifest: BackupManifest;
}

/**
 * Backs up every database of the platform: each collection as gzipped canonical EJSON lines
 * (one document a line), with its index definitions, count and content digest, all encrypted
 * with the backup key. Written under `<id>.partial` and renamed when complete, so a crash never
 * leaves something that looks like a backup.
 *
 * Consistency: without transactions (FerretDB) a backup is a per-collection snapshot taken while
 * the platform runs; every write of the platform is a single-document idempotent update, so a
 * restored platform reconciles itself (the clone manager compares, it does not replay).
 */
export async function createBackup(options: CreateBackupOptions): Promise<BackupResult> {
  const now = options.now ?? new Date();
  const id = newBackupId(now);
  const partial = join(options.backupDir, `${id}${PARTIAL_SUFFIX}`);
  await mkdir(partial, { recursive: true, mode: 0o700 });

  const databases: DatabaseEntry[] = [];
  let fileNumber = 0;
  let documents = 0;
  let bytes = 0;
  for (const target of await listPlatformDatabases(options.client, options.platformDatabase)) {
    const db = options.client.db(target.name);
    const collections: CollectionEntry[] = [];
    for (const name of await listCollectionNames(db)) {
      fileNumber += 1;
      const file = String(fileNumber).padStart(4, '0');
      const digest = new DocumentDigest();
      const cursor = db.collection(name).find({}, { ...EXACT_READ, batchSize: 500 });
      const lines = Readable.from(
        (async function* dump() {
          for await (const doc of cursor) {
            const line = documentLine(doc);
            digest.add(line);
            yield `${line}\n`;
          }
        })(),
      );
      const written = await writeEncryptedFile(join(partial, `${file}.enc`), file, options.key.key, lines);
      collections.push({
        name,
        file,
        count: digest.count,
        contentSha256: digest.hex(),
        fileSha256: written.sha256,
        bytes: written.bytes,
        indexes: await indexDefinitions(db, name),
      });
      documents += digest.count;
      bytes += written.bytes;
    }
    databases.push({ ...target, collections });
    options.onProgress?.('database backed up', { database: target.name, collections: collections.length });
  }

  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    id,
    createdAt: now.toISOString(),
    platformDatabase: options.platformDatabase,
    databases,
  };
  const manifestFile = await writeEncryptedFile(join(partial, MANIFEST_FILE), 'manifest', options.key.key, [JSON.stringify(manifest)]);
  const summary: BackupSummary = {
    format: BACKUP_FORMAT,
    version: BACKUP_FORMAT_VERSION,
    id,
    createdAt: manifest.createdAt,
    keyId: options.key.keyId,
    keySource: options.key.source,
    manifestSha256: manifestFile.sha256,
    databases: databases.length,
    collections: fileNumber,
    documents,
    bytes: bytes + manifestFile.bytes,
  };
  await writeFile(join(partial, SUMMARY_FILE), `${JSON.stringify(summary, null, 2)}\n`, { mode: 0o600 });
  const dir = join(options.backupDir, id);
  await rename(partial, dir);
  return { id, dir, summary, manifest };
}

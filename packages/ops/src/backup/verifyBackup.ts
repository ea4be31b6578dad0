import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackupKey } from './backupKey';
import { VERIFIED_FILE, type StoredBackup } from './backupStore';
import { collectionDigest, indexDefinitions, listCollectionNames, listPlatformDatabases, type MongoClient } from './databases';
import type { VerificationRecord } from './manifest';
import { restoreBackup } from './restoreBackup';

export interface VerifyOptions {
  client: MongoClient;
  backup: StoredBackup;
  key: BackupKey;
  /** Prefix of the scratch databases (default `<platform>_verify`); they are dropped afterwards. */
  scratchPrefix: string;
  now?: Date;
}

/**
 * Proves a backup restores: restores it into scratch databases, compares every collection's
 * count, content digest and index names with the manifest, drops the scratch databases and
 * records the outcome in `verified.json` (read by the readiness report and by pruning).
 */
export async function verifyBackup(options: VerifyOptions): Promise<VerificationRecord> {
  const scratch = `${options.scratchPrefix}_${randomBytes(3).toString('hex')}`;
  const problems: string[] = [];
  let documents = 0;
  try {
    const restored = await restoreBackup({ client: options.client, backup: options.backup, key: options.key, targetPlatformDatabase: scratch });
    for (const [i, database] of restored.manifest.databases.entries()) {
      const db = options.client.db(restored.databases[i]?.to ?? scratch);
      const present = new Set(await listCollectionNames(db));
      for (const collection of database.collections) {
        const where = `${database.name}.${collection.name}`;
        if (!present.has(collection.name)) {
          problems.push(`${where}: missing after restore`);
          continue;
        }
        const actual = await collectionDigest(db, collection.name);
        documents += actual.count;
        if (actual.count !== collection.count) problems.push(`${where}: ${actual.count} documents restored, ${collection.count} backed up`);
        else if (actual.contentSha256 !== collection.contentSha256) problems.push(`${where}: content checksum differs`);
        const indexes = new Set((await indexDefinitions(db, collection.name)).map((x) => x.name));
        for (const index of collection.indexes) if (!indexes.has(index.name)) problems.push(`${where}: index ${index.name} missing`);
      }
    }
  } catch (error) {
    problems.push((error as Error).message);
  } finally {
    // Also after a failed restore: whatever scratch databases exist are ours to drop.
    for (const { name } of await listPlatformDatabases(options.client, scratch).catch(() => [])) {
      await options.client.db(name).dropDatabase().catch(() => undefined);
    }
  }
  const record: VerificationRecord = {
    id: options.backup.id,
    verifiedAt: (options.now ?? new Date()).toISOString(),
    ok: problems.length === 0,
    problems,
    documents,
  };
  await writeFile(join(options.backup.dir, VERIFIED_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
  return record;
}

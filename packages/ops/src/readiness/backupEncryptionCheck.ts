import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveBackupKey } from '../backup/backupKey';
import { MANIFEST_FILE, SUMMARY_FILE, VERIFIED_FILE, listBackups } from '../backup/backupStore';
import { fileSha256, readEncryptedFile, readEncryptedText } from '../backup/encryptedFile';
import type { BackupManifest } from '../backup/manifest';
import { cloneModel, platformModels } from '@motherbot/core';
import { fail, listSome, pass, type CheckResult, type ReadinessInputs } from './inputs';
import type { NamedSecret } from './knownSecrets';
import { existingMasterKey } from './knownSecrets';
import { megabytes } from './logFiles';
import { scanFilesForSecrets } from './secretScan';

/** Data files are decrypted up to this many bytes; beyond it they are authenticated through the manifest's SHA-256 only. */
const DECRYPT_BUDGET_BYTES = 64 * 2 ** 20;
const MAGIC = Buffer.from('MBK1');

function startsWithMagic(path: string): boolean {
  const head = Buffer.alloc(MAGIC.length);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(MAGIC);
}

/**
 * Plaintext that would be in a backup that is not encrypted: JSON and BSON markers of a
 * document, the platform's database and collection names, and values of documents it holds
 * (clone ids, bot usernames). None of them may appear in the backup's bytes.
 */
async function plaintextMarkers(inputs: ReadinessInputs): Promise<NamedSecret[]> {
  const markers: NamedSecret[] = [
    { name: 'a JSON document ({"_id")', value: '{"_id"' },
    { name: 'an EJSON ObjectId ("$oid")', value: '"$oid"' },
    // A BSON document's `_id` element: type byte (string 0x02, ObjectId 0x07), name, NUL.
    { name: 'a BSON _id field', value: '\u0002_id\u0000' },
    { name: 'a BSON ObjectId _id field', value: '\u0007_id\u0000' },
    { name: 'the platform database name', value: inputs.config.databaseName },
  ];
  if ('unreachable' in inputs.db) return markers;
  for (const model of Object.values(platformModels(inputs.db))) markers.push({ name: `the collection name ${model.collection.name}`, value: model.collection.name });
  const clones = await cloneModel(inputs.db).find({}, { botUsername: 1 }).limit(200).lean();
  for (const clone of clones) {
    markers.push({ name: `clone id ${clone._id}`, value: clone._id });
    if (clone.botUsername && clone.botUsername.length >= 6) markers.push({ name: `bot username of clone ${clone._id}`, value: clone.botUsername });
  }
  return markers.filter((m) => m.value.length >= 5);
}

/**
 * Opens the newest backup and proves it is encrypted: every file but the plaintext summary is
 * an AES-256-GCM frame (`MBK1`), no plaintext of known documents is in its bytes, it was made
 * with the current backup key, its manifest decrypts and authenticates, every collection file
 * matches the manifest's SHA-256, and the data files decrypt and authenticate with the key.
 */
export async function checkBackupEncrypted(inputs: ReadinessInputs): Promise<CheckResult> {
  const { config, backupDir } = inputs;
  const newest = listBackups(backupDir)[0];
  if (!newest) return fail(`no backup in ${backupDir}: run \`npm run backup\``);
  const files = readdirSync(newest.dir).filter((f) => f !== SUMMARY_FILE && f !== VERIFIED_FILE);
  const paths = files.map((f) => join(newest.dir, f));
  const bytes = paths.reduce((n, p) => n + statSync(p).size, 0);
  const opened = `${newest.id}: ${files.length} file(s), ${megabytes(bytes)}`;

  const notFramed = files.filter((f, i) => !startsWithMagic(paths[i] ?? ''));
  if (notFramed.length > 0) return fail(`${opened}: NOT ENCRYPTED — ${listSome(notFramed)} not an AES-256-GCM backup frame`);
  const markers = await plaintextMarkers(inputs);
  const scan = await scanFilesForSecrets(paths, markers);
  if (scan.findings.length > 0) return fail(`${opened}: PLAINTEXT in the backup — ${listSome(scan.findings.map((f) => `${f.secret} in ${f.file.slice(newest.dir.length + 1)}`))}`);

  if (!config.backupKey && !existingMasterKey(config)) return fail(`${opened}: no BACKUP_KEY, MASTER_KEY or development key here to decrypt it with`);
  const key = resolveBackupKey(config);
  const keyName = key.source === 'BACKUP_KEY' ? 'BACKUP_KEY' : (existingMasterKey(config)?.source ?? 'MASTER_KEY');
  if (newest.summary.keyId !== key.keyId) return fail(`${opened}: made with key ${newest.summary.keyId}, the key configured now (${keyName}) is ${key.keyId}: it cannot be restored with it`);
  const manifestPath = join(newest.dir, MANIFEST_FILE);
  if (!existsSync(manifestPath)) return fail(`${opened}: no ${MANIFEST_FILE}`);
  if ((await fileSha256(manifestPath)) !== newest.summary.manifestSha256) return fail(`${opened}: ${MANIFEST_FILE} does not match the summary's SHA-256 (altered or replaced)`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readEncryptedText(manifestPath, 'manifest', key.key)) as BackupManifest;
  } catch (error) {
    return fail(`${opened}: the manifest does not decrypt with ${keyName}: ${(error as Error).message}`);
  }
  const entries = manifest.databases.flatMap((d) => d.collections.map((c) => ({ ...c, database: d.name })));
  const listed = new Set([MANIFEST_FILE, ...entries.map((e) => `${e.file}.enc`)]);
  const unlisted = files.filter((f) => !listed.has(f));
  if (unlisted.length > 0) return fail(`${opened}: file(s) the manifest does not list: ${listSome(unlisted)}`);
  const problems: string[] = [];
  let decrypted = 0;
  let decryptedBytes = 0;
  let documents = 0;
  for (const entry of [...entries].sort((a, b) => a.bytes - b.bytes)) {
    const path = join(newest.dir, `${entry.file}.enc`);
    if (!existsSync(path)) {
      problems.push(`${entry.file}.enc (${entry.database}.${entry.name}) missing`);
      continue;
    }
    if ((await fileSha256(path)) !== entry.fileSha256) {
      problems.push(`${entry.file}.enc does not match the manifest's SHA-256`);
      continue;
    }
    if (decryptedBytes + entry.bytes > DECRYPT_BUDGET_BYTES) continue;
    let lines = 0;
    try {
      await readEncryptedFile(path, entry.file, key.key, (text) => {
        for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines += 1;
      });
    } catch (error) {
      problems.push(`${entry.file}.enc: ${(error as Error).message}`);
      continue;
    }
    if (lines !== entry.count) problems.push(`${entry.file}.enc holds ${lines} documents, the manifest says ${entry.count}`);
    decrypted += 1;
    decryptedBytes += entry.bytes;
    documents += lines;
  }
  const detail =
    `${opened}; every file an AES-256-GCM frame, none of ${markers.length} plaintext markers (document JSON/BSON, database, collection, clone ids) in its bytes; ` +
    `key ${key.keyId} (from ${keyName}) is the one it was made with; manifest authenticated; ${entries.length} collection file(s) match its SHA-256, ` +
    `${decrypted} decrypted and authenticated (${documents} documents${decrypted < entries.length ? `; ${entries.length - decrypted} beyond ${megabytes(DECRYPT_BUDGET_BYTES)} checked by SHA-256 only` : ''})`;
  return problems.length === 0 ? pass(detail) : fail(`${listSome(problems)}; ${detail}`);
}

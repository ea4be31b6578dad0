import { createHash } from 'node:crypto';
import mongoose from 'mongoose';

const { EJSON } = mongoose.mongo.BSON;

export const BACKUP_FORMAT = 'motherbot-backup';
export const BACKUP_FORMAT_VERSION = 1;

/** An index as listed by the server, without `v`/`ns`: what `createIndex(key, options)` needs. */
export interface IndexDefinition {
  name: string;
  key: Record<string, unknown>;
  options: Record<string, unknown>;
}

export interface CollectionEntry {
  name: string;
  /** Logical name of the encrypted file inside the backup (`0003`): no names leak on disk. */
  file: string;
  count: number;
  /** Order-independent digest of the documents (see {@link DocumentDigest}). */
  contentSha256: string;
  /** SHA-256 of the encrypted file's bytes, checked before anything is decrypted. */
  fileSha256: string;
  bytes: number;
  indexes: IndexDefinition[];
}

export interface DatabaseEntry {
  /** Name at backup time. */
  name: string;
  role: 'platform' | 'clone';
  /** For a clone database: the clone id (restore maps it to `<target>_clone_<id>`). */
  cloneId?: string;
  collections: CollectionEntry[];
}

/** The encrypted table of contents of one backup. */
export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  id: string;
  createdAt: string;
  platformDatabase: string;
  databases: DatabaseEntry[];
}

/** Plaintext summary beside the encrypted files (no names, no data): for listing and readiness. */
export interface BackupSummary {
  format: typeof BACKUP_FORMAT;
  version: number;
  id: string;
  createdAt: string;
  keyId: string;
  keySource: 'BACKUP_KEY' | 'MASTER_KEY';
  manifestSha256: string;
  databases: number;
  collections: number;
  documents: number;
  bytes: number;
}

/** Outcome of `backup:verify`, written beside the backup as `verified.json`. */
export interface VerificationRecord {
  id: string;
  verifiedAt: string;
  ok: boolean;
  problems: string[];
  documents: number;
}

/** Read options that keep every BSON type as it is (Int32 vs Double, Long, regex) through EJSON. */
export const EXACT_READ = { promoteValues: false, promoteLongs: false, promoteBuffers: false, bsonRegExp: true } as const;

/** One document as one line of canonical EJSON: the unit of the dump and of its checksum. */
export function documentLine(doc: unknown): string {
  return EJSON.stringify(doc as Record<string, unknown>, { relaxed: false });
}

export function parseDocumentLine(line: string): Record<string, unknown> {
  return EJSON.parse(line, { relaxed: false }) as Record<string, unknown>;
}

/**
 * Order-independent digest of a collection: the sum, modulo 2^256, of the SHA-256 of each
 * document's canonical EJSON. A restore inserts in another order than the server returns, and
 * `_id`s are unique, so a sum of per-document hashes compares exactly what matters in constant memory.
 */
export class DocumentDigest {
  private sum = 0n;
  private countValue = 0;
  private static readonly MOD = 1n << 256n;

  add(line: string): void {
    const hex = createHash('sha256').update(line, 'utf8').digest('hex');
    this.sum = (this.sum + BigInt(`0x${hex}`)) % DocumentDigest.MOD;
    this.countValue += 1;
  }

  get count(): number {
    return this.countValue;
  }

  hex(): string {
    return this.sum.toString(16).padStart(64, '0');
  }
}

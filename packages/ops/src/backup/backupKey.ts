import { createHash, hkdfSync } from 'node:crypto';
import { type AppConfig, resolveMasterKey } from '@motherbot/core';

const SALT = Buffer.from('motherbot/backup/v1');
/** HKDF `info` of the backup key: distinct from the clone-token keys (their info is a clone id). */
const INFO = Buffer.from('motherbot backup encryption key');

/** The AES-256 key of the backups and a short, non-secret id of it (written in the summary). */
export interface BackupKey {
  key: Buffer;
  /** First 16 hex characters of SHA-256(key || "id"): tells "wrong key" from "corrupted file". */
  keyId: string;
  source: 'BACKUP_KEY' | 'MASTER_KEY';
}

/**
 * The backup key: derived (HKDF-SHA256) from BACKUP_KEY when set, else from the master key with
 * its own salt and info, so that it never equals a clone's token key. BACKUP_KEY lets an
 * operator give backups a secret of their own (and keep it apart from the host's `.env`).
 */
export function resolveBackupKey(config: Pick<AppConfig, 'backupKey' | 'masterKey' | 'dataDir'>): BackupKey {
  const source = config.backupKey ? 'BACKUP_KEY' : 'MASTER_KEY';
  const secret = config.backupKey || resolveMasterKey(config);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), SALT, INFO, 32));
  const keyId = createHash('sha256').update(key).update('id').digest('hex').slice(0, 16);
  return { key, keyId, source };
}

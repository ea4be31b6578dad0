import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import type { AppConfig } from '@motherbot/core';
import { BackupError } from './backupErrors';
import type { BackupSummary, VerificationRecord } from './manifest';

/** Files of one backup directory. */
export const SUMMARY_FILE = 'summary.json';
export const MANIFEST_FILE = 'manifest.enc';
export const VERIFIED_FILE = 'verified.json';
export const PARTIAL_SUFFIX = '.partial';

/** Where backups go: BACKUP_DIR (relative to the working directory, like DATA_DIR), else DATA_DIR/backups. */
export function backupDirOf(config: Pick<AppConfig, 'backupDir' | 'dataDir'>, cwd = process.cwd()): string {
  if (!config.backupDir) return join(config.dataDir, 'backups');
  return isAbsolute(config.backupDir) ? config.backupDir : resolve(cwd, config.backupDir);
}

/** `backup-20250101T030000Z-1a2b`: sorts by time, unique even for two backups in one second. */
export function newBackupId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `backup-${stamp}-${randomBytes(2).toString('hex')}`;
}

export interface StoredBackup {
  id: string;
  dir: string;
  summary: BackupSummary;
  verification: VerificationRecord | null;
}

const readJson = <T>(path: string): T | null => {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T;
  } catch {
    return null;
  }
};

/** Complete backups (a summary exists, i.e. renamed from `.partial`), newest first. */
export function listBackups(backupDir: string): StoredBackup[] {
  if (!existsSync(backupDir)) return [];
  return readdirSync(backupDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('backup-') && !e.name.endsWith(PARTIAL_SUFFIX))
    .map((e) => {
      const dir = join(backupDir, e.name);
      const summary = readJson<BackupSummary>(join(dir, SUMMARY_FILE));
      return summary ? { id: e.name, dir, summary, verification: readJson<VerificationRecord>(join(dir, VERIFIED_FILE)) } : null;
    })
    .filter((b): b is StoredBackup => b !== null)
    .sort((a, b) => b.id.localeCompare(a.id));
}

/** A backup named on the command line: a path to its directory, or an id in the backup directory, or `latest`. */
export function locateBackup(backupDir: string, nameOrPath: string): StoredBackup {
  if (nameOrPath === 'latest') {
    const latest = listBackups(backupDir)[0];
    if (!latest) throw new BackupError(`no complete backup in ${backupDir}`, { backupDir });
    return latest;
  }
  const dir = existsSync(nameOrPath) && statSync(nameOrPath).isDirectory() ? resolve(nameOrPath) : join(backupDir, basename(nameOrPath));
  const summary = readJson<BackupSummary>(join(dir, SUMMARY_FILE));
  if (!summary) {
    throw new BackupError(`${nameOrPath} is not a complete backup (no ${SUMMARY_FILE} in ${dir}); \`npm run backup -- --list\` shows the backups`, { dir });
  }
  return { id: basename(dir), dir, summary, verification: readJson<VerificationRecord>(join(dir, VERIFIED_FILE)) };
}

/**
 * The retention rule of backups: keep the `keep` newest complete backups, and always the newest
 * verified one (so pruning can never leave only unverified backups); drop the rest, and drop
 * unfinished `.partial` directories older than a day (a crashed backup). Returns the removed ids.
 */
export async function pruneBackups(backupDir: string, keep: number, now = new Date()): Promise<string[]> {
  const backups = listBackups(backupDir);
  const newestVerified = backups.find((b) => b.verification?.ok);
  const removed: string[] = [];
  for (const [index, backup] of backups.entries()) {
    if (index < keep || backup === newestVerified) continue;
    await rm(backup.dir, { recursive: true, force: true });
    removed.push(backup.id);
  }
  if (existsSync(backupDir)) {
    for (const entry of readdirSync(backupDir, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.endsWith(PARTIAL_SUFFIX)) continue;
      const dir = join(backupDir, entry.name);
      if (now.getTime() - statSync(dir).mtimeMs > 86_400_000) {
        await rm(dir, { recursive: true, force: true });
        removed.push(entry.name);
      }
    }
  }
  return removed;
}

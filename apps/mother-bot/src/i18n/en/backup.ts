/**
 * The admins' `/backup` message: its start, its progress edits and its result with the figures.
 * The message is plain text (no HTML); `{error}` and `{problems}` quote the backup's own words.
 */
export const backup = {
  'backup.running': 'A backup is already running; its result will be sent here.',
  'backup.started': '💾 Backing up every database, then test-restoring it…',
  'backup.progress': {
    one: '💾 Backing up: {done} of {count} database done (last: {last})…',
    other: '💾 Backing up: {done} of {count} databases done (last: {last})…',
  },
  'backup.allDone': {
    one: '💾 The database is backed up; test-restoring the backup to prove it restores…',
    other: '💾 All {count} databases backed up; test-restoring the backup to prove it restores…',
  },
  'backup.verified': '✅ Backup {id}: {databases}, {documents}, {size}; verified by a test restore.',
  'backup.notVerified': '✅ Backup {id}: {databases}, {documents}, {size}; not verified.',
  'backup.verifyFailed': '❌ Backup {id}: {databases}, {documents}, {size}; the test restore FAILED: {problems}',
  'backup.databases': { one: '{count} database', other: '{count} databases' },
  'backup.documents': { one: '{count} document', other: '{count} documents' },
  'backup.sizeKb': '{size} KB',
  'backup.sizeMb': '{size} MB',
  'backup.pruned': { one: 'Removed {count} old backup (BACKUP_KEEP).', other: 'Removed {count} old backups (BACKUP_KEEP).' },
  'backup.failed': '❌ Backup failed: {error}',
} as const;

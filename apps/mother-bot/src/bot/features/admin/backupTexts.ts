import { DEFAULT_LOCALE } from '@motherbot/core';
import { motherTexts, type MotherTranslate } from '../../../i18n/texts';
import { backupSize, type BackupJobResult } from '../../../ops/backupJob';

// The `/backup` message's texts in the admin's language: plain text, never HTML (a database name
// or an error's own words are shown as they are). The log line stays `describeBackup`'s English.

const english = motherTexts.forLocale(DEFAULT_LOCALE);

/** The /backup message while it runs: databases done of those listed at the start. */
export function backupProgressText(done: number, total: number, last: string, t: MotherTranslate = english): string {
  const of = Math.max(done, total);
  if (done >= of) return t('backup.allDone', { count: of });
  return t('backup.progress', { done, count: of, last });
}

function sizeText(bytes: number, t: MotherTranslate): string {
  const { unit, size } = backupSize(bytes);
  return t(unit === 'MB' ? 'backup.sizeMb' : 'backup.sizeKb', { size });
}

/** The result that replaces the /backup message: the figures, whether a test restore proved it, what was pruned. */
export function backupResultText(result: BackupJobResult, t: MotherTranslate = english): string {
  const figures = {
    id: result.id,
    databases: t('backup.databases', { count: result.databases }),
    documents: t('backup.documents', { count: result.documents }),
    size: sizeText(result.bytes, t),
  };
  const verdict =
    result.verification === null
      ? t('backup.notVerified', figures)
      : result.verification.ok
        ? t('backup.verified', figures)
        : t('backup.verifyFailed', { ...figures, problems: result.verification.problems.join('; ') });
  return result.pruned.length ? `${verdict}\n${t('backup.pruned', { count: result.pruned.length })}` : verdict;
}

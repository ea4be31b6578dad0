import type { CloneTranslate } from '../../i18n/texts';

/** "45 seconds", "10 minutes", "2 hours", "1 day" in the reader's language (the largest whole unit, as durations.ts's formatDuration in English). */
export function formatDurationIn(t: CloneTranslate, seconds: number): string {
  if (seconds % 86_400 === 0) return t('duration.days', { count: seconds / 86_400 });
  if (seconds % 3600 === 0) return t('duration.hours', { count: seconds / 3600 });
  if (seconds % 60 === 0) return t('duration.minutes', { count: seconds / 60 });
  return t('duration.seconds', { count: seconds });
}

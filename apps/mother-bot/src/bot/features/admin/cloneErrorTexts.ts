import { escapeHtml, fmtDate, type CloneDoc } from '@motherbot/core';
import type { MotherTranslate } from '../../../i18n/texts';

/**
 * Why a worker last exited, in the admin's language. The clone manager stores it in English
 * (`exit code N` or `restarted by PM2`, see cloneManager/observe.ts); anything else it might hold is
 * shown as stored.
 */
function exitReason(reason: string | null, t: MotherTranslate): string {
  if (reason === null) return t('cloneErrors.unknown');
  const code = /^exit code (-?\d+)$/.exec(reason)?.[1];
  if (code !== undefined) return t('cloneErrors.exitCode', { code });
  if (reason === 'restarted by PM2') return t('cloneErrors.restartedByPm2');
  return escapeHtml(reason);
}

/**
 * The admin's "last errors" lines of a clone (HTML), from what the clone manager recorded: token
 * problems, a crash loop, the last exit with its reason and code, restarts in the crash-loop window.
 */
export function cloneErrorLines(clone: CloneDoc, t: MotherTranslate): string[] {
  const lines: string[] = [];
  const since = clone.tokenInvalidAt ? fmtDate(clone.tokenInvalidAt) : '?';
  if (clone.tokenProblem === 'revoked') lines.push(t('cloneErrors.tokenRevoked', { date: since }));
  if (clone.tokenProblem === 'conflict') lines.push(t('cloneErrors.tokenConflict', { date: since }));
  if (clone.crashLoopAt) lines.push(t('cloneErrors.crashLoop', { date: fmtDate(clone.crashLoopAt) }));
  const runtime = clone.runtime;
  if (runtime?.lastExitAt) lines.push(t('cloneErrors.lastExit', { date: fmtDate(runtime.lastExitAt), reason: exitReason(runtime.lastExitReason, t) }));
  if (runtime?.lastExitCode !== null && runtime?.lastExitCode !== undefined) lines.push(t('cloneErrors.lastExitCode', { code: runtime.lastExitCode }));
  if (clone.restartLog?.length) lines.push(t('cloneErrors.restarts', { count: clone.restartLog.length }));
  return lines;
}

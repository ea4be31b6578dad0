import { NO_RESTART_EXIT_CODES, WorkerExitCode, cloneIdOfWorkerName, type RunVerdict } from '@motherbot/core';
import type { Pm2Process } from './pm2Client';

/** What the database wants for one clone. */
export interface DesiredClone {
  cloneId: string;
  verdict: RunVerdict;
  restartRequestedAt: Date | null;
  /** When the clone's token last changed: a worker started before it ran with the old token. */
  tokenUpdatedAt?: Date | null;
}

/** One step that brings PM2 closer to the database. */
export type ReconcileAction =
  | { type: 'start'; cloneId: string; replacePmId?: number }
  | { type: 'restart'; cloneId: string; pmId: number; reason: 'requested' }
  /** Started in the other update mode (polling / webhook): replaced by a worker started with this mother's settings. */
  | { type: 'switchMode'; cloneId: string; pmId: number }
  | { type: 'stop'; cloneId: string; pmId: number; verdict: RunVerdict }
  | { type: 'delete'; pmId: number; name: string; reason: 'deleted' | 'orphan' | 'duplicate'; epoch?: number | null }
  | { type: 'markTokenInvalid'; cloneId: string; pmId: number; conflict: boolean }
  | { type: 'observe'; cloneId: string; process: Pm2Process | undefined; verdict: RunVerdict };

/**
 * Down for good: stopped, errored, or exited with a code PM2 must not restart on. PM2 7 marks
 * such a process `waiting restart` when `exp_backoff_restart_delay` is set, yet never restarts
 * it; reading the status alone would wait forever (guarded by the revoked-token lifecycle test).
 */
const isDown = (p: Pm2Process): boolean =>
  p.status === 'stopped' ||
  p.status === 'errored' ||
  (p.status === 'waiting restart' && p.exitCode !== null && (NO_RESTART_EXIT_CODES as readonly number[]).includes(p.exitCode));
const isUp = (p: Pm2Process): boolean => !isDown(p) && p.status !== 'stopping';

/**
 * The reconcile decision, pure: from the desired clones and PM2's process list, the actions
 * that make PM2 match. Level-triggered, so running it twice in a row is harmless: the second
 * run finds nothing to do. Guarded by reconcilePlan.test.ts.
 *
 * - at most one process per clone: extra processes of one clone are deleted (the 409 guard);
 * - a process of no known clone, or of a deleted one, is deleted;
 * - a clone that should run and has no live process is started, one that runs is adopted
 *   (observed, never restarted), unless its owner asked for a restart after it started;
 * - a clone that must not run is stopped; its PM2 entry stays so `pm2 ls` still shows it;
 * - a running worker started in the other update mode (WEBHOOK_BASE_URL changed: switching is a
 *   restart) is replaced by one started with the current settings;
 * - a worker that exited because Telegram rejected its token is marked, not restarted —
 *   unless it was started before the token changed (it died holding the old one: restart it).
 */
export function planReconcile(desired: readonly DesiredClone[], processes: readonly Pm2Process[], namespace: string, webhookBaseUrl = ''): ReconcileAction[] {
  const actions: ReconcileAction[] = [];
  const byClone = new Map<string, Pm2Process>();
  const ours = processes.filter((p) => p.namespace === namespace);
  // Prefer a live process over a dead one, then the oldest, when choosing the one to keep.
  const ordered = [...ours].sort((a, b) => Number(isUp(b)) - Number(isUp(a)) || a.pmId - b.pmId);
  for (const p of ordered) {
    const cloneId = cloneIdOfWorkerName(p.name);
    if (!cloneId) continue;
    if (byClone.has(cloneId)) actions.push({ type: 'delete', pmId: p.pmId, name: p.name, reason: 'duplicate' });
    else byClone.set(cloneId, p);
  }

  const wanted = new Map(desired.map((d) => [d.cloneId, d]));
  for (const [cloneId, p] of byClone) {
    const d = wanted.get(cloneId);
    if (!d || d.verdict === 'deleted') actions.push({ type: 'delete', pmId: p.pmId, name: p.name, reason: d ? 'deleted' : 'orphan', epoch: p.placementEpoch });
  }

  for (const d of desired) {
    if (d.verdict === 'deleted') continue;
    const p = byClone.get(d.cloneId);
    if (d.verdict !== 'ok') {
      if (p && !isDown(p) && p.status !== 'stopping') actions.push({ type: 'stop', cloneId: d.cloneId, pmId: p.pmId, verdict: d.verdict });
    } else if (!p) {
      actions.push({ type: 'start', cloneId: d.cloneId });
    } else if (isDown(p)) {
      const ranOldToken = Boolean(d.tokenUpdatedAt && p.startedAt > 0 && p.startedAt < d.tokenUpdatedAt.getTime());
      if ((p.exitCode === WorkerExitCode.TokenInvalid || p.exitCode === WorkerExitCode.Conflict) && !ranOldToken) {
        actions.push({ type: 'markTokenInvalid', cloneId: d.cloneId, pmId: p.pmId, conflict: p.exitCode === WorkerExitCode.Conflict });
      } else {
        actions.push({ type: 'start', cloneId: d.cloneId, replacePmId: p.pmId });
      }
    } else if ((p.webhookBaseUrl ?? '') !== webhookBaseUrl) {
      actions.push({ type: 'switchMode', cloneId: d.cloneId, pmId: p.pmId });
    } else if (d.restartRequestedAt && p.startedAt > 0 && p.startedAt < d.restartRequestedAt.getTime()) {
      actions.push({ type: 'restart', cloneId: d.cloneId, pmId: p.pmId, reason: 'requested' });
    }
    actions.push({ type: 'observe', cloneId: d.cloneId, process: p, verdict: d.verdict });
  }
  return actions;
}

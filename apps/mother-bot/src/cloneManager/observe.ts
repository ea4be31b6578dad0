import type { CloneDoc, CloneStatus, PlatformModels, RunVerdict } from '@motherbot/core';
import type { Pm2Process } from './pm2Client';

export interface ObserveOutcome {
  /** The worker was seen live for the first time since the owner was to be told. */
  live: boolean;
  /** The crash-loop rule fired on this pass. */
  crashLoop: boolean;
  recentRestarts: number;
}

export interface CrashLoopRule {
  crashLoopRestarts: number;
  crashLoopWindowMs: number;
}

const MAX_RESTART_LOG = 50;

/** The status shown to owners and admins, from the verdict, PM2's view and the heartbeat. */
export function statusOf(verdict: RunVerdict, process: Pm2Process | undefined, heartbeat: { pid: number } | undefined): CloneStatus {
  if (verdict === 'token_invalid') return 'token_invalid';
  if (verdict === 'crash_loop') return 'crash_loop';
  if (verdict !== 'ok') return 'stopped';
  if (!process) return 'pending';
  if (process.status === 'online') return heartbeat && heartbeat.pid === process.pid ? 'running' : 'starting';
  if (process.status === 'stopped' || process.status === 'errored') return 'errored';
  return 'starting';
}

/**
 * Records what the manager saw of one clone: status, pid, restarts, memory; counts restarts
 * for the crash-loop rule; and, once, reports the clone live so its owner can be told.
 */
export async function observeClone(
  models: PlatformModels,
  clone: CloneDoc,
  process: Pm2Process | undefined,
  verdict: RunVerdict,
  heartbeat: { pid: number; at: Date } | undefined,
  now: Date,
  rule: CrashLoopRule,
): Promise<ObserveOutcome> {
  const status = statusOf(verdict, process, heartbeat);
  const previousRestarts = clone.runtime?.restarts ?? 0;
  const restarts = process?.restarts ?? previousRestarts;
  const newRestarts = process && restarts > previousRestarts ? restarts - previousRestarts : 0;
  const windowStart = now.getTime() - rule.crashLoopWindowMs;
  const restartLog = [...(clone.restartLog ?? []), ...Array.from({ length: newRestarts }, () => now)]
    .filter((d) => new Date(d).getTime() >= windowStart)
    .slice(-MAX_RESTART_LOG);
  const crashLoop = verdict === 'ok' && restartLog.length >= rule.crashLoopRestarts;

  const set: Record<string, unknown> = {
    status: crashLoop ? 'crash_loop' : status,
    statusReason: crashLoop ? 'crash_loop' : verdict,
    restartLog,
    'runtime.observedAt': now,
  };
  if (process) {
    Object.assign(set, {
      'runtime.pid': process.pid || null,
      'runtime.pmId': process.pmId,
      'runtime.restarts': restarts,
      'runtime.memoryBytes': process.memoryBytes,
      'runtime.cpu': process.cpu,
      'runtime.startedAt': process.startedAt ? new Date(process.startedAt) : null,
    });
    if (process.exitCode !== null && process.status !== 'online') {
      set['runtime.lastExitCode'] = process.exitCode;
    }
  }
  if (crashLoop) set.crashLoopAt = now;
  if (newRestarts > 0) {
    set['runtime.lastExitAt'] = now;
    set['runtime.lastExitReason'] = process?.exitCode !== null && process?.exitCode !== undefined ? `exit code ${process.exitCode}` : 'restarted by PM2';
  }
  await models.Clone.updateOne({ _id: clone._id }, { $set: set });

  let live = false;
  if (status === 'running' && clone.notifyOwnerOnLive) {
    const cleared = await models.Clone.updateOne({ _id: clone._id, notifyOwnerOnLive: true }, { $set: { notifyOwnerOnLive: false } });
    live = cleared.modifiedCount === 1;
  }
  return { live, crashLoop, recentRestarts: restartLog.length };
}

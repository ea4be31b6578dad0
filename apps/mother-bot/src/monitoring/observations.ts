import { HOUR_MS, type AlertObservation, type AppConfig, type HealthCheck } from '@motherbot/core';
import type { PlatformSnapshot } from './platformSnapshot';
import { observe } from './alertTexts';

/**
 * What each watcher sees as wrong right now, as alert observations, pure. Every watcher owns the
 * keys under its prefix: keys it no longer reports are resolved by the alert manager.
 */

export const PREFIX = { system: 'system.', clone: 'clone.', subscription: 'subscription.', database: 'database.', error: 'error.' } as const;

/** CPU, memory and disk checks (from the health probes) that are not ok. */
export function systemObservations(checks: readonly HealthCheck[]): AlertObservation[] {
  const out: AlertObservation[] = [];
  for (const check of checks) {
    if (check.name === 'cpu' && check.status !== 'ok') out.push(observe(`${PREFIX.system}cpu`, 'warning', 'alerts.cpu', check.figures));
    if (check.name === 'memory' && check.status !== 'ok') out.push(observe(`${PREFIX.system}memory`, 'warning', 'alerts.memory', check.figures));
    // Disk: `warn` (below twice the minimum) is shown on /health; only `fail` alerts.
    if (check.name.startsWith('disk:') && check.status === 'fail') {
      const disk = check.name.slice(5);
      // No figures: the probe failed, and its message is the error's own text.
      const alert = check.figures ? observe(`${PREFIX.system}${check.name}`, 'critical', 'alerts.disk', { ...check.figures, disk }) : observe(`${PREFIX.system}${check.name}`, 'critical', 'alerts.diskUnread', { disk, message: check.message });
      out.push(alert);
    }
  }
  return out;
}

export interface CloneRules {
  heartbeatIntervalMs: number;
  cloneMaxMemoryMb: number;
  alertCloneMemoryPercent: number;
}

export const cloneRules = (config: AppConfig): CloneRules => ({
  heartbeatIntervalMs: config.heartbeatIntervalMs,
  cloneMaxMemoryMb: config.cloneMaxMemoryMb,
  alertCloneMemoryPercent: config.alertCloneMemoryPercent,
});

/**
 * Per clone: heartbeat stale (a worker PM2 calls online has not beaten for more than three
 * intervals), memory near the cap, crash loop, token rejected.
 */
export function cloneObservations(snapshot: PlatformSnapshot, rules: CloneRules): AlertObservation[] {
  const out: AlertObservation[] = [];
  const now = snapshot.at.getTime();
  const staleAfter = rules.heartbeatIntervalMs * 3;
  const memoryLimit = rules.cloneMaxMemoryMb * 2 ** 20 * (rules.alertCloneMemoryPercent / 100);
  for (const { clone, heartbeat } of snapshot.clones) {
    const name = { cloneId: clone._id, bot: clone.botUsername };
    if (clone.status === 'crash_loop') {
      out.push(observe(`${PREFIX.clone}crashLoop:${clone._id}`, 'critical', 'alerts.crashLoop', name, false));
    }
    if (clone.status === 'token_invalid') {
      const why = clone.tokenProblem === 'conflict' ? 'alerts.tokenConflict' : 'alerts.tokenRejected';
      out.push(observe(`${PREFIX.clone}tokenInvalid:${clone._id}`, 'warning', why, name));
    }
    if (clone.status === 'running' || clone.status === 'starting') {
      // A worker that never beat counts from when PM2 started it.
      const last = heartbeat?.at.getTime() ?? clone.runtime?.startedAt?.getTime() ?? clone.updatedAt.getTime();
      if (now - last > staleAfter) {
        const ago = Math.round((now - last) / 1000);
        out.push(observe(`${PREFIX.clone}stale:${clone._id}`, 'warning', 'alerts.stale', { ...name, seconds: ago, interval: rules.heartbeatIntervalMs / 1000 }));
      }
      const memory = Math.max(heartbeat?.memoryBytes ?? 0, clone.runtime?.memoryBytes ?? 0);
      if (memory >= memoryLimit) {
        const usage = { ...name, usedMb: (memory / 2 ** 20).toFixed(0), capMb: rules.cloneMaxMemoryMb };
        out.push(observe(`${PREFIX.clone}memory:${clone._id}`, 'warning', 'alerts.cloneMemory', usage));
      }
    }
  }
  return out;
}

/**
 * Per clone, one key: subscription ending within `expiringMs` (info), then expired while the
 * clone is still wanted (warning: an escalation, sent at once). Never repeated; it resolves
 * ("recovered") when the owner renews, or the clone is stopped or deleted.
 */
export function subscriptionObservations(snapshot: PlatformSnapshot, expiringMs: number): AlertObservation[] {
  const out: AlertObservation[] = [];
  const now = snapshot.at.getTime();
  for (const { clone, subscription, subscriptionState } of snapshot.clones) {
    if (!subscription || !clone.desiredRunning) continue;
    const name = { cloneId: clone._id, bot: clone.botUsername };
    const left = subscription.expiresAt.getTime() - now;
    if (subscriptionState === 'expired' || subscriptionState === 'grace') {
      const params = { ...name, date: subscription.expiresAt.toISOString() };
      const text = subscriptionState === 'grace' ? 'alerts.subscriptionGrace' : 'alerts.subscriptionExpired';
      out.push(observe(`${PREFIX.subscription}${clone._id}`, 'warning', text, params, false));
    } else if (left > 0 && left <= expiringMs) {
      const text = subscription.isTrial ? 'alerts.trialEnds' : 'alerts.paidEnds';
      out.push(observe(`${PREFIX.subscription}${clone._id}`, 'info', text, { ...name, hours: Math.ceil(left / HOUR_MS) }, false));
    }
  }
  return out;
}

import { HOUR_MS, type AlertObservation, type AppConfig, type HealthCheck } from '@motherbot/core';
import type { PlatformSnapshot } from './platformSnapshot';

/**
 * What each watcher sees as wrong right now, as alert observations, pure. Every watcher owns the
 * keys under its prefix: keys it no longer reports are resolved by the alert manager.
 */

export const PREFIX = { system: 'system.', clone: 'clone.', subscription: 'subscription.', database: 'database.', error: 'error.' } as const;

/** CPU, memory and disk checks (from the health probes) that are not ok. */
export function systemObservations(checks: readonly HealthCheck[]): AlertObservation[] {
  const out: AlertObservation[] = [];
  for (const check of checks) {
    if (check.name === 'cpu' && check.status !== 'ok') out.push({ key: `${PREFIX.system}cpu`, severity: 'warning', summary: `High CPU load: ${check.message}` });
    if (check.name === 'memory' && check.status !== 'ok') out.push({ key: `${PREFIX.system}memory`, severity: 'warning', summary: `Host memory nearly full: ${check.message}` });
    // Disk: `warn` (below twice the minimum) is shown on /health; only `fail` alerts.
    if (check.name.startsWith('disk:') && check.status === 'fail') {
      out.push({ key: `${PREFIX.system}${check.name}`, severity: 'critical', summary: `Low disk space for ${check.name.slice(5)}: ${check.message}` });
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
    const name = `${clone._id} (@${clone.botUsername})`;
    if (clone.status === 'crash_loop') {
      out.push({ key: `${PREFIX.clone}crashLoop:${clone._id}`, severity: 'critical', remind: false, summary: `Clone ${name} crash-looped and was stopped.` });
    }
    if (clone.status === 'token_invalid') {
      const why = clone.tokenProblem === 'conflict' ? 'another program polls its token (409)' : 'Telegram rejected its token (401, revoked?)';
      out.push({ key: `${PREFIX.clone}tokenInvalid:${clone._id}`, severity: 'warning', summary: `Clone ${name} is stopped: ${why}.` });
    }
    if (clone.status === 'running' || clone.status === 'starting') {
      // A worker that never beat counts from when PM2 started it.
      const last = heartbeat?.at.getTime() ?? clone.runtime?.startedAt?.getTime() ?? clone.updatedAt.getTime();
      if (now - last > staleAfter) {
        const ago = Math.round((now - last) / 1000);
        out.push({ key: `${PREFIX.clone}stale:${clone._id}`, severity: 'warning', summary: `Clone ${name}: no heartbeat for ${ago} s (expected every ${rules.heartbeatIntervalMs / 1000} s).` });
      }
      const memory = Math.max(heartbeat?.memoryBytes ?? 0, clone.runtime?.memoryBytes ?? 0);
      if (memory >= memoryLimit) {
        out.push({
          key: `${PREFIX.clone}memory:${clone._id}`,
          severity: 'warning',
          summary: `Clone ${name} uses ${(memory / 2 ** 20).toFixed(0)} MB of its ${rules.cloneMaxMemoryMb} MB cap (PM2 restarts it at the cap).`,
        });
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
    const name = `${clone._id} (@${clone.botUsername})`;
    const left = subscription.expiresAt.getTime() - now;
    if (subscriptionState === 'expired' || subscriptionState === 'grace') {
      const then = subscription.expiresAt.toISOString();
      const summary =
        subscriptionState === 'grace'
          ? `Subscription of clone ${name} expired on ${then}; it runs in its grace period.`
          : `Subscription of clone ${name} expired on ${then}; the clone is stopped until it is renewed.`;
      out.push({ key: `${PREFIX.subscription}${clone._id}`, severity: 'warning', remind: false, summary });
    } else if (left > 0 && left <= expiringMs) {
      out.push({ key: `${PREFIX.subscription}${clone._id}`, severity: 'info', remind: false, summary: `Subscription of clone ${name} ends in ${Math.ceil(left / HOUR_MS)} h (${subscription.isTrial ? 'trial' : 'paid'}).` });
    }
  }
  return out;
}

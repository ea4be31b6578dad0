import type { PlatformModels } from '@motherbot/core';

export interface FirstBeatOptions {
  /** How often the heartbeat is read (one `_id` lookup each time). */
  intervalMs: number;
  /** Gives up after this long: the periodic pass still sees the worker later. */
  timeoutMs: number;
  /** Checked before every read: the manager stopping ends the wait. */
  cancelled: () => boolean;
}

/**
 * Waits for the first heartbeat of a worker started at `since` (wall-clock time, as the worker
 * writes it). The worker beats as soon as it polls; without this wait the owner would hear
 * "live" only on the next periodic pass (RECONCILE_INTERVAL_MS, 10 s by default) after the
 * pass that started the worker. Resolves true when the beat came, false on timeout or cancel.
 */
export async function waitForFirstBeat(models: PlatformModels, cloneId: string, since: number, options: FirstBeatOptions): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline && !options.cancelled()) {
    const beat = await models.Heartbeat.findById(cloneId, { startedAt: 1 }).lean();
    if (beat?.startedAt && new Date(beat.startedAt).getTime() >= since) return true;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs));
  }
  return false;
}

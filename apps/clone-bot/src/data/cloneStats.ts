import { counterKeys, DAY_MS, withDatabaseRetries, type CloneCounterDoc, type CloneDataModels } from '@motherbot/core';
import type { FileLibrary } from './fileLibrary';
import type { StatsWriter } from './statsWriter';
import { isFileCode } from './topLinks';

export interface CloneStatsView {
  users: number;
  blocked: number;
  files: number;
  batches: number;
  deliveries: number;
  /** Premium sold in Telegram Stars: Stars received, payments, Stars refunded. */
  stars: { received: number; payments: number; refunded: number };
  /** The most delivered links; `name` is the file's name, null for a batch or a file deleted since (the reader's language names those). */
  top: Array<{ code: string; name: string | null; count: number }>;
  days: Array<{ day: string; newUsers: number; deliveries: number }>;
}

/**
 * The numbers behind /stats, read from the counters (a fixed nine point reads plus the names of
 * the top links), never counted: the answer costs the same at any size of the clone.
 */
export async function readCloneStats(models: CloneDataModels, library: FileLibrary, stats: StatsWriter, now = new Date()): Promise<CloneStatsView> {
  await stats.flush().catch(() => undefined);
  const read = (id: string) => withDatabaseRetries(() => models.Counter.findById(id).lean<CloneCounterDoc>());
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayStarts = Array.from({ length: 7 }, (_, i) => new Date(startOfToday - (6 - i) * DAY_MS));
  const [totals, top, ...days] = await Promise.all([read(counterKeys.totals), read(counterKeys.top), ...dayStarts.map((d) => read(counterKeys.day(d)))]);
  const links = top?.links ?? [];
  const names = await library.names(links.map((l) => l.code).filter(isFileCode));
  return {
    users: totals?.users ?? 0,
    blocked: totals?.blocked ?? 0,
    files: totals?.files ?? 0,
    batches: totals?.batches ?? 0,
    deliveries: totals?.deliveries ?? 0,
    stars: { received: totals?.stars ?? 0, payments: totals?.starPayments ?? 0, refunded: totals?.starsRefunded ?? 0 },
    top: links.slice(0, 5).map((l) => ({ code: l.code, name: names.get(l.code) ?? null, count: l.deliveries })),
    days: dayStarts.map((d, i) => ({ day: d.toISOString().slice(0, 10), newUsers: days[i]?.newUsers ?? 0, deliveries: days[i]?.deliveries ?? 0 })),
  };
}

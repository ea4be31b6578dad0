import type { Connection } from 'mongoose';
import { cloneDataModels } from '../models/cloneData/cloneDataModels';
import { cloneMigrations } from './cloneMigrations';
import { applyMigrations, migrationStatus } from './migrationRunner';

/**
 * Brings a clone's database to the current shape: migrations, then indexes (a migration too).
 * The mother runs it when it creates a clone, while the new worker loads; the worker runs it
 * before it polls, where the usual case (all applied) is one small read, and a run the mother
 * has in progress is waited for (polled every `pollMs`).
 */
export async function prepareCloneDatabase(
  db: Connection,
  options: { log?: (message: string, meta?: Record<string, unknown>) => void; pollMs?: number } = {},
): Promise<string[]> {
  const status = await migrationStatus(db, cloneMigrations);
  if (status.every((s) => s.state === 'applied')) return [];
  const { applied } = await applyMigrations({
    db,
    models: cloneDataModels(db),
    migrations: cloneMigrations,
    // One worker per clone: a lock older than this was left by a process that died mid-migration.
    lockTtlMs: 120_000,
    pollMs: options.pollMs ?? 50,
    log: options.log,
  });
  return applied;
}

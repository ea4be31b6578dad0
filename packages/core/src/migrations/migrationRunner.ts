import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import type { PlatformModels } from '../models/platformModels';
import { MigrationError, type Migration, type MigrationContext, type MigrationRecord } from './migration';

export const MIGRATIONS_COLLECTION = 'migrations';
const LOCK_ID = 'lock';

export interface ApplyMigrationsOptions<M = PlatformModels> {
  db: Connection;
  models: M;
  migrations: readonly Migration<M>[];
  clock?: () => Date;
  log?: (message: string, meta?: Record<string, unknown>) => void;
  /** How long a lock is honoured (a migrator that died leaves one); default 10 minutes. */
  lockTtlMs?: number;
  /** How long to wait for another process's migration run; default 2 minutes. */
  waitMs?: number;
  /** Injected for tests: how to wait between polls of the lock. */
  sleep?: (ms: number) => Promise<void>;
  /** Time between two looks at another process's lock; default 1 s. */
  pollMs?: number;
}

export interface MigrationStatus {
  id: string;
  description: string;
  state: 'applied' | 'pending' | 'failed' | 'running';
  appliedAt?: Date;
  error?: string;
}

interface LockDoc {
  _id: string;
  holder: string;
  until: Date;
}

const isDuplicateKey = (error: unknown): boolean => (error as { code?: number }).code === 11000;

/** Which migrations are applied, pending or failed (for `npm run migrate -- --status` and readiness). */
export async function migrationStatus<M>(db: Connection, migrations: readonly Migration<M>[]): Promise<MigrationStatus[]> {
  const records = await db.collection<MigrationRecord>(MIGRATIONS_COLLECTION).find({ _id: { $ne: LOCK_ID } }).toArray();
  const byId = new Map(records.map((r) => [r._id, r]));
  return migrations.map((m) => {
    const record = byId.get(m.id);
    const state = record?.status === 'applied' ? 'applied' : record?.status === 'failed' ? 'failed' : record?.status === 'running' ? 'running' : 'pending';
    return { id: m.id, description: m.description, state, appliedAt: record?.appliedAt, error: record?.error };
  });
}

/**
 * Applies the pending migrations in order and records each in `migrations`. One process at a
 * time: the lock is a document inserted by `_id` (the one race-safe write on every backend), so
 * two processes starting together (two mothers started by mistake, a mother and `npm run migrate`)
 * never run a step twice at once.
 *
 * A failing step is compensated (`undo`), recorded as `failed` with its error, and stops the run
 * with a {@link MigrationError}: the steps before it stay applied, nothing after it runs, and the
 * next start retries it.
 */
export async function applyMigrations<M = PlatformModels>(options: ApplyMigrationsOptions<M>): Promise<{ applied: string[]; alreadyApplied: string[] }> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => undefined);
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const ids = options.migrations.map((m) => m.id);
  if (new Set(ids).size !== ids.length || ids.some((id, i) => i > 0 && id <= (ids[i - 1] ?? ''))) {
    throw new MigrationError(`migration ids must be unique and sorted: ${ids.join(', ')}`, null);
  }
  const collection = options.db.collection<MigrationRecord | LockDoc>(MIGRATIONS_COLLECTION);
  const holder = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const waitUntil = clock().getTime() + (options.waitMs ?? 120_000);

  // Take the lock: insert it; an expired lock (a migrator that died) is removed term by term.
  for (;;) {
    const now = clock();
    try {
      await collection.insertOne({ _id: LOCK_ID, holder, until: new Date(now.getTime() + (options.lockTtlMs ?? 600_000)) } as LockDoc);
      break;
    } catch (error) {
      if (!isDuplicateKey(error)) throw new MigrationError(`cannot take the migration lock: ${(error as Error).message}`, null, { cause: error });
    }
    const current = (await collection.findOne({ _id: LOCK_ID })) as LockDoc | null;
    if (current && current.until.getTime() < now.getTime()) {
      await collection.deleteOne({ _id: LOCK_ID, holder: current.holder, until: current.until } as never);
      continue;
    }
    if (now.getTime() > waitUntil) {
      throw new MigrationError('another process has been migrating the database for too long (lock in `migrations`); if it died, delete {_id: "lock"} from `migrations` and start again', null);
    }
    await sleep(options.pollMs ?? 1000);
  }

  try {
    const status = await migrationStatus(options.db, options.migrations);
    const alreadyApplied = status.filter((s) => s.state === 'applied').map((s) => s.id);
    const applied: string[] = [];
    for (const migration of options.migrations) {
      if (alreadyApplied.includes(migration.id)) continue;
      const startedAt = clock();
      const ctx: MigrationContext<M> = { db: options.db, models: options.models, platformDatabase: options.db.name, now: startedAt, log };
      await collection.updateOne(
        { _id: migration.id },
        { $set: { status: 'running', description: migration.description, startedAt }, $unset: { error: '', failedAt: '', undone: '' } },
        { upsert: true },
      );
      log('migration running', { migration: migration.id });
      try {
        await migration.up(ctx);
      } catch (error) {
        const message = (error as Error).message;
        let undone = !migration.undo;
        if (migration.undo) {
          try {
            await migration.undo(ctx);
            undone = true;
          } catch (undoError) {
            log('migration undo failed', { migration: migration.id, error: (undoError as Error).message });
          }
        }
        await collection.updateOne({ _id: migration.id }, { $set: { status: 'failed', failedAt: clock(), error: message, undone } });
        throw new MigrationError(
          `migration ${migration.id} (${migration.description}) failed: ${message}. ` +
            (undone
              ? 'Its changes were undone: the database is as it was before this step. '
              : 'Its undo failed too: restore the backup made before the upgrade (docs/operations/migrations.md). ') +
            `Earlier steps stay applied${applied.length ? ` (${applied.join(', ')})` : ''}; fix the cause and start again.`,
          migration.id,
          { cause: error },
        );
      }
      const appliedAt = clock();
      await collection.updateOne({ _id: migration.id }, { $set: { status: 'applied', appliedAt, durationMs: appliedAt.getTime() - startedAt.getTime() } });
      applied.push(migration.id);
      log('migration applied', { migration: migration.id });
    }
    return { applied, alreadyApplied };
  } finally {
    await collection.deleteOne({ _id: LOCK_ID, holder } as never).catch(() => undefined);
  }
}

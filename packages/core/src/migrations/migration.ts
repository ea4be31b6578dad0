import type { Connection } from 'mongoose';
import { AppError } from '../errors';
import type { PlatformModels } from '../models/platformModels';

/**
 * What a migration may touch: the database it migrates and that database's models. The
 * platform database and each clone database keep their own `migrations` records.
 */
export interface MigrationContext<M = PlatformModels> {
  db: Connection;
  models: M;
  platformDatabase: string;
  now: Date;
  log: (message: string, meta?: Record<string, unknown>) => void;
}

/**
 * One versioned change of the stored data. Rules (docs/operations/migrations.md):
 * - `id` sorts in the order migrations run (`0001-…`) and never changes once released;
 * - `up` is idempotent: running it again after a crash, or on a database that already has the
 *   change, does nothing more (there are no transactions on FerretDB: restartable, not atomic);
 * - `undo` compensates a failed `up`: it removes exactly what this `up` added, so that a failed
 *   step leaves the database as it was before it. It runs only when `up` threw.
 */
export interface Migration<M = PlatformModels> {
  id: string;
  description: string;
  up(ctx: MigrationContext<M>): Promise<void>;
  undo?(ctx: MigrationContext<M>): Promise<void>;
}

/** A migration failed (or could not run); the start stops with this message. */
export class MigrationError extends AppError {
  constructor(message: string, readonly migrationId: string | null, options?: { cause?: unknown }) {
    super('MIGRATION_FAILED', message, { migrationId }, options);
  }
}

/** A record in the `migrations` collection. `applied` is written only after `up` succeeded. */
export interface MigrationRecord {
  _id: string;
  status: 'running' | 'applied' | 'failed';
  description: string;
  startedAt: Date;
  appliedAt?: Date;
  failedAt?: Date;
  durationMs?: number;
  error?: string;
  undone?: boolean;
}

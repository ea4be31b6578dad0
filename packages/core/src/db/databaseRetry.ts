import { retryLoop, type RetryLoopOptions } from '../resilience/retryLoop';

/**
 * The one retry layer for database calls. A database that went away for a moment (a restart,
 * a network blip) delays an answer instead of failing it. Only errors that mean "the server
 * was not reached" are retried, so a retried operation is one that may not have been applied;
 * callers retry only idempotent operations (point reads, `$set` by `_id`, inserts with a
 * chosen `_id` whose duplicate-key error they treat as done).
 */
const TRANSIENT_NAMES = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoPoolClearedError',
  'MongoTopologyClosedError',
]);

/** Whether a database error means "not reached, try again later" rather than "refused". */
export function isTransientDatabaseError(error: unknown): boolean {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' && TRANSIENT_NAMES.has(name);
}

/** Whether an insert failed only because a document with that `_id` (or unique key) exists. */
export function isDuplicateKeyError(error: unknown): boolean {
  const e = error as { code?: unknown; writeErrors?: Array<{ code?: unknown }> } | null;
  if (e?.code === 11000) return true;
  return Array.isArray(e?.writeErrors) && e.writeErrors.length > 0 && e.writeErrors.every((w) => w.code === 11000);
}

/**
 * An insert that may be a retry: a duplicate key means the first attempt landed, which is done.
 * Any other error is thrown.
 */
export async function ignoringDuplicateKey(insert: Promise<unknown>): Promise<void> {
  try {
    await insert;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
  }
}

/**
 * An upsert that two writers may race: FerretDB upserts read, then insert, so both may try to
 * insert and the loser fails with a duplicate key. The document exists by then, so the same
 * write is made once more, as an update.
 */
export async function upsertRacing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return write();
  }
}

/**
 * Most statements one bulk command may carry. Stock FerretDB 1.24.2 deadlocks a database on an
 * update command of more than 100 statements; our build is patched
 * (scripts/ferretdb-patches/0002-…), and this keeps an operator's own unpatched build safe too.
 */
export const MAX_BULK_STATEMENTS = 100;

/** Runs `write` over `items` in chunks of at most {@link MAX_BULK_STATEMENTS}, one after another. */
export async function inBulkChunks<T>(items: readonly T[], write: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += MAX_BULK_STATEMENTS) await write(items.slice(i, i + MAX_BULK_STATEMENTS));
}

export type DatabaseRetryOptions = RetryLoopOptions;

/** Runs `fn`, again after transient database failures (backoff 250 ms doubling to 4 s), until `maxWaitMs`. */
export function withDatabaseRetries<T>(fn: () => Promise<T>, options: DatabaseRetryOptions = {}): Promise<T> {
  return retryLoop(fn, (error, attempt) => (isTransientDatabaseError(error) ? Math.min(4_000, 250 * 2 ** attempt) : undefined), options);
}

/**
 * In-process serialisation per key (a clone id). FerretDB 1.24 does not make a conditional
 * single-document update atomic against a concurrent one on another connection (both can match
 * the same filter), so the guards in our filters protect against sequential duplicates and
 * restarts, and this lock against concurrent ones inside the mother. On MongoDB the filter
 * guards alone are atomic. Guarded by ownerAdminServices.test.ts ("delivered twice at the same time").
 */
const tails = new Map<string, Promise<unknown>>();

export async function withKeyLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(fn);
  const tail = run.catch(() => undefined);
  tails.set(key, tail);
  try {
    return await run;
  } finally {
    if (tails.get(key) === tail) tails.delete(key);
  }
}

/**
 * The locks of the owner's update path, always taken in this order when nested:
 * `owner` (a creation, a restore, an account deletion) → `clone` (a read-check-write of one
 * clone) → `owner-clones` (one change of an owner's list, inside OwnerCloneList).
 */
export const withOwnerLock = <T>(ownerId: number, fn: () => Promise<T>): Promise<T> => withKeyLock(`owner:${ownerId}`, fn);
export const withCloneLock = <T>(cloneId: string, fn: () => Promise<T>): Promise<T> => withKeyLock(`clone:${cloneId}`, fn);

import { KeyedQueue } from '@motherbot/core';

/**
 * In-process serialisation per key (a clone id). FerretDB 1.24 does not make a conditional
 * single-document update atomic against a concurrent one on another connection (both can match
 * the same filter), so the guards in our filters protect against sequential duplicates and
 * restarts, and this lock against concurrent ones inside the mother. On MongoDB the filter
 * guards alone are atomic. Guarded by ownerAdminServices.test.ts ("delivered twice at the same time").
 */
const locks = new KeyedQueue<string>();

export const withKeyLock = <T>(key: string, fn: () => Promise<T>): Promise<T> => locks.run(key, fn);

/**
 * The locks of the owner's update path, always taken in this order when nested:
 * `owner` (a creation, a restore, an account deletion) → `clone` (a read-check-write of one
 * clone) → `owner-clones` (one change of an owner's list, inside OwnerCloneList).
 */
export const withOwnerLock = <T>(ownerId: number, fn: () => Promise<T>): Promise<T> => withKeyLock(`owner:${ownerId}`, fn);
export const withCloneLock = <T>(cloneId: string, fn: () => Promise<T>): Promise<T> => withKeyLock(`clone:${cloneId}`, fn);

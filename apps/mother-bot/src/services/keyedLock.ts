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

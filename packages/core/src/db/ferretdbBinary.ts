import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { EmbeddedDatabaseError } from '../errors';

export const FERRETDB_VERSION = 'v1.24.2';

/**
 * Our patches to FerretDB's source (`scripts/ferretdb-patches`). The same four levels up from
 * `packages/core/src/db` (ts-jest, ts-node) and `packages/core/dist/db` (compiled).
 */
export const FERRETDB_PATCH_DIR = resolve(__dirname, '../../../../scripts/ferretdb-patches');

/**
 * The binary's cache key: the first 12 hex digits of the sha256 of the patch files concatenated
 * in name order, exactly as `scripts/build-ferretdb.sh` computes it, so a changed patch means a
 * new binary rather than a stale one.
 */
export function ferretdbPatchKey(patchDir: string = FERRETDB_PATCH_DIR): string {
  let names: string[];
  try {
    names = readdirSync(patchDir, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.patch'))
      .map((entry) => entry.name);
  } catch (error) {
    throw new EmbeddedDatabaseError(`FerretDB patch folder ${patchDir} is unreadable`, { patchDir }, { cause: error });
  }
  // Byte order, as `LC_ALL=C sort` in the script (names are ASCII).
  names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const hash = createHash('sha256');
  for (const name of names) hash.update(readFileSync(join(patchDir, name)));
  return hash.digest('hex').slice(0, 12);
}

/**
 * Where `scripts/build-ferretdb.sh` puts the binary: `FERRETDB_BIN` if set, else the per-user
 * cache (`$FERRETDB_CACHE_DIR`, or `$XDG_CACHE_HOME`/`~/.cache` +
 * `motherbot/ferretdb-<version>-<patch key>`).
 */
export function ferretdbBinaryPath(env: NodeJS.ProcessEnv = process.env, patchDir: string = FERRETDB_PATCH_DIR): string {
  if (env.FERRETDB_BIN) return env.FERRETDB_BIN;
  const cacheDir =
    env.FERRETDB_CACHE_DIR ||
    join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'motherbot', `ferretdb-${FERRETDB_VERSION}-${ferretdbPatchKey(patchDir)}`);
  return join(cacheDir, 'ferretdb');
}

/** The binary's path, or a typed error telling the operator how to get it. */
export function requireFerretdbBinary(env: NodeJS.ProcessEnv = process.env): string {
  const path = ferretdbBinaryPath(env);
  if (!existsSync(path)) {
    throw new EmbeddedDatabaseError(
      `FerretDB is not built (${path} is missing): run 'npm run db:build', or set MONGODB_URI to a MongoDB 6+`,
      { path },
    );
  }
  return path;
}

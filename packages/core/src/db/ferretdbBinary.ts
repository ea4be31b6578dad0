import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabaseError } from '../errors';

export const FERRETDB_VERSION = 'v1.24.2';

/**
 * Where `scripts/build-ferretdb.sh` puts the binary: `FERRETDB_BIN` if set, else the per-user
 * cache (`$FERRETDB_CACHE_DIR`, or `$XDG_CACHE_HOME`/`~/.cache` + `motherbot/ferretdb-<version>`).
 */
export function ferretdbBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRETDB_BIN) return env.FERRETDB_BIN;
  const cacheDir =
    env.FERRETDB_CACHE_DIR ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'motherbot', `ferretdb-${FERRETDB_VERSION}`);
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

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedDatabase } from '@motherbot/core';

/**
 * Starts one real FerretDB for the whole test run (or uses MONGODB_URI when set, to run the
 * suite against a real MongoDB). Test files get the URI from TEST_MONGODB_URI and each uses
 * databases of its own, so they can run in parallel.
 * Jest runs this file outside its module map, so `@motherbot/core` here is the built package
 * (`npm test` builds first), like the PM2 workers the tests start.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'motherbot-test-db-'));
  const database = new EmbeddedDatabase({ dataDir });
  process.env.TEST_MONGODB_URI = await database.start();
  (globalThis as Record<string, unknown>).__motherbotTestDatabase = database;
}

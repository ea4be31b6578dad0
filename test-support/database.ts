import { randomBytes } from 'node:crypto';
import type { Connection } from 'mongoose';
import { connectDatabase } from '@motherbot/core';

/** The database the run's global setup started (FerretDB) or was given (MONGODB_URI). */
export function testMongoUri(): string {
  const uri = process.env.TEST_MONGODB_URI;
  if (!uri) throw new Error('TEST_MONGODB_URI is not set: run tests through `npm test` (jest global setup)');
  return uri;
}

/** A fresh, uniquely named database name for one test file. */
export function uniqueDbName(prefix = 't'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

/** Opens a connection to a new database; `drop()` removes it and closes the connection. */
export async function openTestDatabase(prefix = 't', options: { monitorCommands?: boolean } = {}): Promise<{ connection: Connection; dbName: string; drop: () => Promise<void> }> {
  const dbName = uniqueDbName(prefix);
  const connection = await connectDatabase(testMongoUri(), { dbName, maxPoolSize: 4, monitorCommands: options.monitorCommands });
  return {
    connection,
    dbName,
    drop: async () => {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
    },
  };
}

import mongoose, { type Connection } from 'mongoose';

export interface ConnectOptions {
  /** Database name inside the deployment (the platform's own, or a clone's). */
  dbName: string;
  /** Upper bound of pooled connections; kept small in clone workers (CLONE_DB_POOL_SIZE). */
  maxPoolSize: number;
  /** How long an operation may wait for a reachable server before failing fast. */
  serverSelectionTimeoutMS?: number;
  /** The driver emits `commandStarted` events on the client (tests that check which queries run). */
  monitorCommands?: boolean;
}

/**
 * Opens a dedicated Mongoose connection (never the global default, so tests and processes can
 * hold several) and waits until it is usable. Models are bound per connection.
 */
export async function connectDatabase(uri: string, options: ConnectOptions): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName: options.dbName,
    maxPoolSize: options.maxPoolSize,
    minPoolSize: 0,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000,
    autoIndex: false,
    autoCreate: true,
    monitorCommands: options.monitorCommands ?? false,
  });
  await connection.asPromise();
  return connection;
}

/** Database name of a clone's own data: `<platform db>_clone_<cloneId>`. */
export function cloneDatabaseName(platformDbName: string, cloneId: string): string {
  return `${platformDbName}_clone_${cloneId}`;
}

import type { Connection } from 'mongoose';
import type { Logger } from '@motherbot/core';

/**
 * The database may come up after us (PM2 starts `motherbot-db` and the mother together, a
 * real MongoDB may be restarting): retry until `signal` aborts (the start-up step's deadline,
 * or a stop), saying why each time. A connection that opens after the abort is closed.
 */
export async function connectWithRetry(
  connect: () => Promise<Connection>,
  logger: Logger,
  signal: AbortSignal,
  onFailure: (error: unknown) => void = () => undefined,
  retryDelayMs = 2000,
): Promise<Connection> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const connection = await connect();
      if (signal.aborted) {
        await connection.close().catch(() => undefined);
        throw signal.reason;
      }
      return connection;
    } catch (error) {
      if (signal.aborted) throw error;
      onFailure(error);
      logger.warn(`database not reachable (attempt ${attempt}), retrying`, { error: (error as Error).message });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, retryDelayMs);
        function done(): void {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        }
        signal.addEventListener('abort', done, { once: true });
      });
      if (signal.aborted) throw error;
    }
  }
}

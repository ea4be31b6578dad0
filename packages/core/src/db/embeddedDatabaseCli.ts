import { join } from 'node:path';
import { loadConfigOrExit } from '../config/loadConfig';
import { closeLogger } from '../logging/createLogger';
import { createProcessLogger } from '../logging/processLogger';
import { EmbeddedDatabase } from './embeddedDatabase';
import { ferretdbLogEntry } from './ferretdbLogLine';

/**
 * The embedded database as a process of its own, for PM2 (`motherbot-db` in
 * ecosystem.config.js): FerretDB on EMBEDDED_DB_PORT, data under DATA_DIR/db, loopback only.
 * If this process dies, FerretDB dies with it (see the watchdog in EmbeddedDatabase).
 * Its log, FerretDB's lines included, is one line per entry on stdout like every process's.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const logger = createProcessLogger(config, 'database');
  const database = new EmbeddedDatabase({
    dataDir: join(config.dataDir, 'db'),
    port: config.embeddedDbPort,
    onLog: (line) => {
      if (line.includes('source=clientconn/')) return;
      const entry = ferretdbLogEntry(line);
      logger.log(entry.level, entry.message);
    },
  });
  const exit = (code: number): void => {
    void closeLogger(logger).then(() => process.exit(code));
  };
  const stop = (): void => {
    logger.info('stopping the embedded database');
    void database.stop().then(() => exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  database.on('exit', ({ code }: { code: number | null }) => {
    logger.error('FerretDB exited unexpectedly', { code });
    exit(1);
  });
  await database.start();
  logger.info(`embedded database ready on 127.0.0.1:${database.port}`, { dataDir: join(config.dataDir, 'db') });
  process.send?.('ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded database failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

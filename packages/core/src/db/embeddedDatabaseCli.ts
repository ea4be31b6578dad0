import { join } from 'node:path';
import { loadConfigOrExit } from '../config/loadConfig';
import { EmbeddedDatabase } from './embeddedDatabase';

/**
 * The embedded database as a process of its own, for PM2 (`motherbot-db` in
 * ecosystem.config.js): FerretDB on EMBEDDED_DB_PORT, data under DATA_DIR/db, loopback only.
 * If this process dies, FerretDB dies with it (see the watchdog in EmbeddedDatabase).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const database = new EmbeddedDatabase({
    dataDir: join(config.dataDir, 'db'),
    port: config.embeddedDbPort,
    onLog: (line) => {
      if (!line.includes('source=clientconn/')) process.stderr.write(`${line}\n`);
    },
  });
  const stop = (): void => {
    void database.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  database.on('exit', ({ code }: { code: number | null }) => {
    process.stderr.write(`FerretDB exited unexpectedly (code ${String(code)})\n`);
    process.exit(1);
  });
  await database.start();
  process.stdout.write(`embedded database ready on 127.0.0.1:${database.port}\n`);
  process.send?.('ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`embedded database failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { join } from 'node:path';
import { EmbeddedDatabase, closeLogger, createLogger, loadConfigOrExit, registerSecret } from '@motherbot/core';
import { MotherRuntime } from '../runtime/motherRuntime';
import { exitOnSignals } from '../runtime/shutdown';

/**
 * `npm start`: everything in one foreground process for a newcomer. Starts the embedded
 * database when MONGODB_URI is empty, then the mother; Ctrl-C stops all of it, leaving nothing
 * behind. Operators use `pm2 start ecosystem.config.js` instead.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  for (const secret of [config.botToken, config.masterKey, config.mongodbUri, config.statusToken]) registerSecret(secret);
  const logger = createLogger({ label: 'mother', logDir: config.logDir, level: config.logLevel, console: true });

  let embedded: EmbeddedDatabase | undefined;
  let runtime: MotherRuntime | undefined;
  const stop = async (): Promise<void> => {
    await runtime?.stop();
    await embedded?.stop();
    logger.info('stopped: nothing left running');
    await closeLogger(logger);
  };
  exitOnSignals(stop, logger);

  let mongoUri = config.mongodbUri;
  if (!mongoUri) {
    embedded = new EmbeddedDatabase({
      dataDir: join(config.dataDir, 'db'),
      port: config.embeddedDbPort,
      // FerretDB logs every unsupported driver command (endSessions…) from its connection layer at WARN: noise.
      onLog: (line) => { if (!line.includes('source=clientconn/')) logger.warn(`ferretdb: ${line}`); },
    });
    mongoUri = await embedded.start();
    logger.info(`embedded database (FerretDB) on 127.0.0.1:${embedded.port}, data in ${join(config.dataDir, 'db')}`);
  }
  runtime = new MotherRuntime({ config, logger, mongoUri });
  await runtime.start();
  logger.info('ready: press Ctrl-C to stop');
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

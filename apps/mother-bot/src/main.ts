import { closeLogger, createProcessLogger, loadConfigOrExit, registerSecret } from '@motherbot/core';
import { MotherRuntime } from './runtime/motherRuntime';
import { ProcessExit } from './runtime/shutdown';
import { StartupAbortedError, startFailureLine } from './runtime/startupSteps';

/**
 * Entry point of the mother process under PM2 (`ecosystem.config.js`). The database must
 * already run (MONGODB_URI, or the `motherbot-db` PM2 app). For a self-contained start use
 * `npm start` (launcher/devLauncher.ts).
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  for (const secret of [config.botToken, config.masterKey, config.mongodbUri, config.statusToken]) registerSecret(secret);
  // stdout: under PM2 that is LOG_DIR/motherbot-out.log, what `pm2 logs motherbot` shows.
  const logger = createProcessLogger(config, 'mother');
  const runtime = new MotherRuntime({ config, logger });
  const exit = new ProcessExit({
    stop: async () => {
      await runtime.stop();
      await closeLogger(logger);
    },
    logger,
  }).onSignals();
  try {
    await runtime.start();
  } catch (error) {
    // Stopped by a signal during the start: that stop exits.
    if (error instanceof StartupAbortedError || exit.isStopping) return;
    // One line naming the step and what to check; on stderr too when the log goes to files.
    const line = startFailureLine(error);
    logger.error(line);
    if (config.logOutput === 'files') process.stderr.write(`${line}\n`);
    exit.request('', 1);
    return;
  }
  logger.info('mother ready');
  process.send?.('ready');
}

main().catch((error: unknown) => {
  process.stderr.write(`mother failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

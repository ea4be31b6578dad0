import { closeLogger, createProcessLogger, loadConfigOrExit, registerSecret } from '@motherbot/core';
import { ProcessExit } from '../runtime/shutdown';
import { StartupAbortedError, oneLine, startFailureLine } from '../runtime/startupSteps';
import { DevStack } from './devStack';
import { watchParent } from './parentWatch';

/**
 * `npm start`: everything in one foreground process tree for a newcomer, and nothing left
 * behind by Ctrl-C, SIGTERM (twice, or at any moment of the start), a failed start or a kill
 * of this process. Without MONGODB_URI it runs the embedded database; without BOT_TOKEN
 * (outside production) the Telegram sandbox, with a mother bot and an admin user you can talk
 * to in its web chat. Clone workers run under a private PM2 daemon (DATA_DIR/pm2) that is
 * shut down on exit, so an operator's own PM2 (an exported PM2_HOME included) is never
 * touched. Each start-up step has a deadline; a failed one is one log line naming the step
 * and what to check, then exit 1. Operators use `pm2 start ecosystem.config.js` instead.
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  for (const secret of [config.botToken, config.masterKey, config.mongodbUri, config.statusToken]) registerSecret(secret);
  // A terminal program: its log is the terminal, whatever LOG_OUTPUT says for PM2's processes.
  const logger = createProcessLogger({ ...config, logOutput: 'stdout' }, 'mother');
  const stack = new DevStack(config, logger);
  const exit = new ProcessExit({
    stop: async () => {
      await stack.stop();
      logger.info('stopped: nothing left running');
      await closeLogger(logger);
    },
    forceStop: () => stack.forceStop(),
    logger,
    // The mother's 20 s, then the daemon's and the database's own stops.
    deadlineMs: 40_000,
  }).onSignals();
  watchParent(() => exit.request('the process that started us is gone (npm stopped?): shutting down', 0));
  try {
    await stack.start();
  } catch (error) {
    // Stopped by a signal during the start: that stop exits.
    if (error instanceof StartupAbortedError || exit.isStopping) return;
    logger.error(startFailureLine(error));
    exit.request('', 1);
    return;
  }
  logger.info(`ready. Clone workers: PM2_HOME=${stack.pm2Home} npx pm2 ls — press Ctrl-C to stop everything`);
}

main().catch((error: unknown) => {
  process.stderr.write(`start failed: ${oneLine(error)}\n`);
  process.exit(1);
});

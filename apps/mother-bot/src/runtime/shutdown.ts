import type { Logger } from '@motherbot/core';

/**
 * Runs `stop` once on the first SIGINT/SIGTERM and exits 0 when it settles (1 if it threw, or
 * if it did not settle within `deadlineMs`).
 * A second signal while stopping forces the exit: an operator pressing Ctrl-C twice means it.
 */
export function exitOnSignals(stop: () => Promise<void>, logger: Logger, deadlineMs = 20_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again while stopping: exiting now`);
      process.exit(1);
    }
    stopping = true;
    logger.info(`${signal} received: shutting down`);
    // A handler stuck on a dead network must not hold the process forever (PM2 would kill it
    // after kill_timeout anyway, without the logs flushed).
    setTimeout(() => {
      logger.error(`shutdown did not finish within ${deadlineMs} ms: exiting`);
      process.exit(1);
    }, deadlineMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

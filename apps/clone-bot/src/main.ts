import { CLONE_ID_PATTERN, WorkerExitCode, closeLogger, createProcessLogger, loadConfig } from '@motherbot/core';
import { CloneWorker, WorkerStartError } from './worker/cloneWorker';
import { watchSupervisor } from './worker/supervisorWatch';

/**
 * Entry point of one clone worker, started by the clone manager through PM2 with CLONE_ID in
 * its environment and nothing secret there. Exit codes tell the manager why it stopped.
 */
async function main(): Promise<void> {
  const cloneId = process.env.CLONE_ID ?? '';
  if (!CLONE_ID_PATTERN.test(cloneId)) {
    process.stderr.write('CLONE_ID is missing or malformed\n');
    process.exit(WorkerExitCode.BadSetup);
  }
  const config = loadConfig({ envFile: null, productionRules: false });
  // stdout only: PM2 writes it to the out file the manager chose (LOG_DIR/clones/clone-<id>-out.log).
  const logger = createProcessLogger(config, `clone:${cloneId}`, 'clones');
  const worker = new CloneWorker(cloneId, config, logger);
  let exiting = false;
  const exit = async (code: number, reason: string): Promise<void> => {
    if (exiting) return;
    exiting = true;
    logger.info('clone worker stopping', { reason, code });
    const deadline = setTimeout(() => process.exit(code), Math.max(1000, config.cloneKillTimeoutMs - 500));
    await worker.stop(reason);
    await closeLogger(logger);
    clearTimeout(deadline);
    process.exit(code);
  };
  process.on('SIGINT', () => void exit(WorkerExitCode.Clean, 'SIGINT'));
  process.on('SIGTERM', () => void exit(WorkerExitCode.Clean, 'SIGTERM'));
  process.on('unhandledRejection', (error) => logger.error('unhandled rejection', { error }));
  // Our stdout and stderr are pipes to the PM2 daemon. When the daemon dies, the next log line
  // fails with EPIPE, which unhandled would kill this worker on the spot, before its stop
  // confirms the updates it finished (the next worker would answer them a second time).
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
  if (process.send) watchSupervisor(() => void exit(WorkerExitCode.Clean, 'supervisor (PM2 daemon) gone'));

  try {
    await worker.start((code) => void exit(code, code === WorkerExitCode.Clean ? 'polling ended' : 'polling failed'));
    process.send?.('ready');
  } catch (error) {
    const code = error instanceof WorkerStartError ? error.exitCode : 1;
    logger.error('clone worker failed to start', { error });
    await exit(code, 'start failed');
  }
}

void main();

import type { Logger } from '@motherbot/core';

/**
 * How long the mother's stop may take before it exits anyway. PM2's `kill_timeout` for the
 * mother (ecosystem.config.js) must exceed it, or PM2 kills the mother mid-stop (a test checks).
 */
export const SHUTDOWN_DEADLINE_MS = 20_000;

export interface ProcessExitOptions {
  /** The orderly stop, run once. */
  stop: () => Promise<void>;
  /**
   * What must not outlive the process when the orderly stop is cut short (a second signal, the
   * deadline): synchronous and quick, e.g. SIGTERM to a daemon this process started.
   */
  forceStop?: () => void;
  logger: Logger;
  /** How long the orderly stop may take before the process exits anyway (default 20 s). */
  deadlineMs?: number;
}

/**
 * The one way a process ends. The first request (a signal, a failed start, the parent gone)
 * runs `stop` once and exits with the request's code (1 if `stop` threw or missed the
 * deadline). A second signal while stopping means it: `forceStop`, then exit 1 at once.
 * Requests other than signals are ignored while stopping.
 */
export class ProcessExit {
  private stopping = false;
  private readonly deadlineMs: number;

  constructor(private readonly options: ProcessExitOptions) {
    this.deadlineMs = options.deadlineMs ?? SHUTDOWN_DEADLINE_MS;
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** Stops on SIGINT and SIGTERM. */
  onSignals(): this {
    const onSignal = (signal: NodeJS.Signals): void => {
      if (this.stopping) return this.force(`${signal} again while stopping: exiting now`);
      this.request(`${signal} received: shutting down`, 0);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    return this;
  }

  /** Logs `why` (at warn level when `code` is not 0), stops in order, exits with `code`. */
  request(why: string, code: number): void {
    if (this.stopping) return;
    this.stopping = true;
    const { logger } = this.options;
    if (why) logger.log(code === 0 ? 'info' : 'warn', why);
    // A stop stuck on a dead network must not hold the process forever (PM2 would kill it
    // after kill_timeout anyway, without the logs flushed).
    setTimeout(() => this.force(`shutdown did not finish within ${this.deadlineMs} ms: exiting`), this.deadlineMs).unref();
    this.options.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        logger.error('shutdown failed', { error });
        this.force('');
      },
    );
  }

  private force(why: string): never {
    if (why) this.options.logger.warn(why);
    try {
      this.options.forceStop?.();
    } catch (error) {
      this.options.logger.error('forced stop failed', { error });
    }
    process.exit(1);
  }
}

/**
 * Runs `stop` once on the first SIGINT/SIGTERM and exits 0 when it settles (1 if it threw, or
 * if it did not settle within `deadlineMs`). A second signal while stopping forces the exit
 * after `forceStop`: an operator pressing Ctrl-C twice means it.
 */
export function exitOnSignals(stop: () => Promise<void>, logger: Logger, deadlineMs = SHUTDOWN_DEADLINE_MS, forceStop?: () => void): ProcessExit {
  return new ProcessExit({ stop, logger, deadlineMs, forceStop }).onSignals();
}

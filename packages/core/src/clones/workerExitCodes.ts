/**
 * Exit codes a clone worker uses to tell the manager why it stopped. PM2 is told not to
 * restart on them (`stop_exit_codes`), so a revoked token is not a restart loop.
 */
export const WorkerExitCode = {
  /** Stopped on request (SIGTERM/SIGINT), everything flushed. */
  Clean: 0,
  /** Telegram answered 401: the token is revoked or wrong. */
  TokenInvalid: 64,
  /** Telegram answered 409: another process polls this token. */
  Conflict: 65,
  /** The clone's record, key file or token could not be read. */
  BadSetup: 66,
  /**
   * Several hosts: the worker's placement moved to another host (or a newer epoch), or it could
   * not confirm its placement in time. Its host agent starts it again if the clone is still its own.
   */
  Fenced: 67,
} as const;

export const NO_RESTART_EXIT_CODES = [WorkerExitCode.TokenInvalid, WorkerExitCode.Conflict, WorkerExitCode.BadSetup, WorkerExitCode.Fenced];

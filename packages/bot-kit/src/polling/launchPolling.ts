import { telegramErrorCode } from '../telegramErrors/telegramErrorCode';
import { UpdatePoller, type PollableBot, type UpdatePollerOptions } from './updatePoller';

export interface LaunchPollingOptions extends UpdatePollerOptions {
  /**
   * For this long after the launch a 409 is not final: the previous holder of the token (a
   * worker PM2 is still stopping, an orphan of a dead daemon) usually polls a few seconds
   * longer. 0 (the default): a 409 ends polling at once.
   */
  conflictGraceMs?: number;
  /** Wait between two tries inside the conflict grace; default 2 s. */
  conflictRetryMs?: number;
  /** A 409 inside the grace: polling is tried again after `conflictRetryMs`. */
  onConflictRetry?: (error: unknown) => void;
}

/** A bot's polling, launched: see {@link launchPolling}. */
export interface PollingLaunch {
  /** Resolves when the first getUpdates goes out (or stop() came first); rejects like `ended` if polling ends before. */
  readonly polling: Promise<void>;
  /**
   * Resolves once stop() has finished; rejects with Telegram's error when Telegram ends polling
   * (401: the token is revoked, 409: another poller holds it, another final 4xx). Settles
   * before `polling` rejects, so a caller that reacts to both sees `ended` first.
   */
  readonly ended: Promise<void>;
  /** Ends polling in any phase (getMe, deleteWebhook, a conflict wait, the poll loop); see UpdatePoller.stop. */
  stop(options?: { deadlineMs?: number }): Promise<void>;
}

/**
 * Why Telegram ended a bot's polling, from its error: `token_invalid` (401, the token was
 * revoked or mistyped), `conflict` (409, another process polls with the token or a webhook is
 * set), else `other`. Both bots turn these into what their operator reads (an exit code, a hint).
 */
export function pollingEndReason(error: unknown): 'token_invalid' | 'conflict' | 'other' {
  const code = telegramErrorCode(error);
  return code === 401 ? 'token_invalid' : code === 409 ? 'conflict' : 'other';
}

/**
 * Launches a bot's long polling with the shared {@link UpdatePoller} (each update handled as it
 * arrives, one chat at a time) and the 401/409 handling both bots need: a 409 inside
 * `conflictGraceMs` is tried again, any other final answer ends polling with Telegram's error
 * for the caller to report. Transient getUpdates failures are retried by the poller itself.
 */
export function launchPolling(bot: PollableBot, options: LaunchPollingOptions = {}): PollingLaunch {
  const poller = new UpdatePoller(bot, options);
  const conflictDeadline = Date.now() + (options.conflictGraceMs ?? 0);
  const conflictRetryMs = options.conflictRetryMs ?? 2000;
  let stopped = false;
  let wakeConflictWait: (() => void) | undefined;
  let firstPoll!: () => void;
  let failed!: (error: unknown) => void;
  const polling = new Promise<void>((resolve, reject) => {
    firstPoll = resolve;
    failed = reject;
  });

  const runUntilStopped = async (): Promise<void> => {
    while (!stopped) {
      try {
        await poller.run(firstPoll);
        return;
      } catch (error) {
        if (stopped) return;
        if (pollingEndReason(error) !== 'conflict' || Date.now() >= conflictDeadline) throw error;
        options.onConflictRetry?.(error);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, conflictRetryMs);
          wakeConflictWait = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wakeConflictWait = undefined;
      }
    }
  };
  const ended = runUntilStopped();
  // Attached first, so every handler the caller puts on `ended` runs before `polling` rejects.
  ended.then(firstPoll, failed);

  return {
    polling,
    ended,
    stop(stopOptions) {
      stopped = true;
      wakeConflictWait?.();
      return poller.stop(stopOptions);
    },
  };
}

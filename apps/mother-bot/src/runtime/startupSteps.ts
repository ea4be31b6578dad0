import { AppError } from '@motherbot/core';

/**
 * A start-up step failed or missed its deadline. Its message is the one line an operator
 * reads: which step, why, and what to check.
 */
export class StartupStepError extends AppError {
  constructor(
    readonly step: string,
    readonly reason: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super('STARTUP_STEP', `start-up step "${step}" failed: ${reason.replace(/\.+$/, '')}. Check: ${hint}`, { step }, options);
  }
}

/** Start-up was stopped (a signal) before it finished: not a failure, nothing to report. */
export class StartupAbortedError extends AppError {
  constructor(readonly step: string) {
    super('STARTUP_ABORTED', `start-up stopped during step "${step}"`, { step });
  }
}

/** One step of a start-up, run under a deadline. */
export interface StartupStep<T> {
  /** Short name for the log line: `database`, `pm2`, `telegram`… */
  name: string;
  deadlineMs: number;
  /** What to check; may depend on the error (undefined when the deadline passed). */
  hint: string | ((error: unknown) => string);
  /** The work. `signal` aborts when the deadline passes or the start is stopped: pass it on where the work can use it. */
  run: (signal: AbortSignal) => Promise<T>;
  /**
   * A step that must not be left half done (migrations hold a lock while they run): `abort()`
   * lets it finish, and the start stops right after it. Its deadline still applies.
   */
  runToEnd?: boolean;
  /** What the step last ran into while it kept trying (a refused connection…), for the deadline's line. */
  lastProblem?: () => string | undefined;
}

/** An error's message on one line, short enough for a log line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 600 ? `${line.slice(0, 597)}...` : line;
}

/** The one line to log when a start fails: a step's own message, or any other error as one line. */
export function startFailureLine(error: unknown): string {
  return error instanceof StartupStepError ? error.message : `start failed: ${oneLine(error)}`;
}

const seconds = (ms: number): string => `${Math.round(ms / 100) / 10} s`;

/**
 * Runs start-up steps one at a time, each under its deadline, and stops them all on `abort()`.
 * A step that throws or runs past its deadline becomes a {@link StartupStepError}; a step cut
 * short by `abort()` becomes a {@link StartupAbortedError} at once, without waiting for its
 * work (that work sees its signal aborted and winds down on its own). Only a process that
 * knows how to undo what a step may still create should abort it: the callers stop what exists
 * after the step has settled.
 */
export class StartupSteps {
  private readonly controller = new AbortController();
  private inFlight?: Promise<unknown>;

  constructor(private readonly deadlineOverridesMs: Readonly<Record<string, number>> = {}) {}

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops the step in progress and refuses the next ones. */
  abort(): void {
    this.controller.abort();
  }

  /**
   * Waits (at most `timeoutMs`) for the work of the last step to wind down after it was cut
   * short, so that nothing it was still doing (a connection attempt) outlives the caller's stop.
   */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.inFlight, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
  }

  async run<T>(step: StartupStep<T>): Promise<T> {
    if (this.aborted) throw new StartupAbortedError(step.name);
    const hintFor = (error: unknown): string => (typeof step.hint === 'string' ? step.hint : step.hint(error));
    const deadlineMs = this.deadlineOverridesMs[step.name] ?? step.deadlineMs;
    const stepController = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    const cutShort = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const problem = step.lastProblem?.();
        const reason = `no result within ${seconds(deadlineMs)}${problem ? ` (last: ${problem})` : ''}`;
        const error = new StartupStepError(step.name, reason, hintFor(undefined));
        // Settle first: work that rejects on the abort must not win the race below with its own error.
        reject(error);
        stepController.abort(error);
      }, deadlineMs);
      if (step.runToEnd) return;
      onAbort = () => {
        reject(new StartupAbortedError(step.name));
        stepController.abort(new StartupAbortedError(step.name));
      };
      this.controller.signal.addEventListener('abort', onAbort, { once: true });
    });
    const work = step.run(stepController.signal);
    // The loser of the race below must not become an unhandled rejection.
    this.inFlight = work.catch(() => undefined);
    try {
      const result = await Promise.race([work, cutShort]);
      if (this.aborted) throw new StartupAbortedError(step.name);
      return result;
    } catch (error) {
      if (error instanceof StartupStepError || error instanceof StartupAbortedError) throw error;
      if (this.aborted) throw new StartupAbortedError(step.name);
      throw new StartupStepError(step.name, oneLine(error), hintFor(error), { cause: error });
    } finally {
      clearTimeout(timer);
      if (onAbort) this.controller.signal.removeEventListener('abort', onAbort);
    }
  }
}

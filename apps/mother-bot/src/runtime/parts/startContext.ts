import type { AppConfig, Logger } from '@motherbot/core';
import type { StartupStep } from '../startupSteps';
import type { STARTUP_DEADLINES_MS } from '../startupDeadlines';

export type StartupStepName = keyof typeof STARTUP_DEADLINES_MS;

/**
 * What every part of the mother gets to start itself: the configuration, the logger, its
 * start-up steps (each under its deadline, with its hint for the operator) and a place to say how
 * to undo what it started. The runtime undoes the parts in the reverse order of their start.
 */
export interface StartContext {
  config: AppConfig;
  logger: Logger;
  clock?: () => Date;
  step<T>(name: StartupStepName, run: (signal: AbortSignal) => Promise<T>, more?: Partial<StartupStep<T>>): Promise<T>;
  /** True once a stop cut the start short. */
  aborted(): boolean;
  /** Registers how to stop what was just started (run by the runtime's stop, last registered first). */
  onStop(name: string, stop: () => Promise<unknown> | void): void;
}

import type { Logger } from '@motherbot/core';

/**
 * Runs `tick` now and then every `intervalMs`, never two at once (the next waits for the
 * previous to end). A failing tick is logged and the loop goes on. `runOnce` lets tests (and
 * `/health`) drive it with their own clock instead of waiting.
 */
export class WatchLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private active = false;

  constructor(
    private readonly tick: () => Promise<void>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.active = true;
    void this.runOnce().finally(() => this.schedule());
  }

  private schedule(): void {
    if (!this.active) return;
    this.timer = setTimeout(() => void this.runOnce().finally(() => this.schedule()), this.intervalMs);
    this.timer.unref();
  }

  /** One pass now, or the pass in progress. Never rejects. */
  runOnce(): Promise<void> {
    if (!this.running) {
      this.running = this.tick()
        .catch((error: unknown) => {
          this.logger.warn('watch pass failed', { error });
        })
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }

  async stop(): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    await this.running;
  }
}

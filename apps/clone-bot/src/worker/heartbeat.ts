import type { HeartbeatModel } from '@motherbot/core';

/** Counters the worker reports; the mother aggregates them into /metrics. */
export interface WorkerCounters {
  updates: number;
  errors: number;
}

/**
 * Writes the worker's sign of life (pid, counters, memory) every interval, upserting one
 * document per clone. A failed write (database away) is retried on the next beat.
 */
export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private readonly startedAt = new Date();

  constructor(
    private readonly model: HeartbeatModel,
    private readonly cloneId: string,
    private readonly counters: WorkerCounters,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
  }

  async beat(): Promise<void> {
    try {
      await this.model.updateOne(
        { _id: this.cloneId },
        {
          $set: {
            at: new Date(),
            pid: process.pid,
            startedAt: this.startedAt,
            updates: this.counters.updates,
            errorCount: this.counters.errors,
            memoryBytes: process.memoryUsage.rss(),
          },
        },
        { upsert: true },
      );
    } catch (error) {
      this.onError(error);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

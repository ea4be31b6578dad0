import type { HeartbeatModel, WebhookStatusDoc } from '@motherbot/core';
import type { WorkerCounters } from '../bot/workerCounters';

/**
 * Writes the worker's sign of life (pid, counters, memory) every interval, upserting one
 * document per clone. A failed write (database away) is retried on the next beat.
 */
export class Heartbeat {
  private timer?: NodeJS.Timeout;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly startedAt = new Date();
  /** Webhook mode: what the worker's webhook watch last learned, written with each beat. */
  webhookStatus?: () => WebhookStatusDoc | undefined;

  constructor(
    private readonly model: HeartbeatModel,
    private readonly cloneId: string,
    private readonly counters: WorkerCounters,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    this.inFlight = this.beat();
    this.timer = setInterval(() => {
      this.inFlight = this.beat();
    }, this.intervalMs);
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
            ...(this.webhookStatus?.() && { webhook: this.webhookStatus() }),
          },
        },
        { upsert: true },
      );
    } catch (error) {
      this.onError(error);
    }
  }

  /** One beat now, after the one in flight (the webhook status changed). */
  refresh(): void {
    this.inFlight = this.inFlight.then(() => this.beat());
  }

  /** Stops beating and waits for a beat in flight, so the worker closes its database after it. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.inFlight;
  }
}

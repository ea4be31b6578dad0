import winston from 'winston';
import type TransportStream from 'winston-transport';
import { recordError, type ErrorRecordModel } from './errorRecord';

// winston's typings call the transport base class `transport`; at run time it is `Transport`.
const TransportBase = (winston as unknown as { Transport: typeof TransportStream }).Transport;

/** Writes waiting at most; beyond it (an error storm with the database away) lines are not recorded. */
const MAX_QUEUED = 1000;

interface LogEntry {
  level: string;
  message?: unknown;
  error?: unknown;
  cloneId?: unknown;
  updateType?: unknown;
  stack?: unknown;
}

/**
 * A winston transport that feeds `error`-level log lines into {@link recordError}, so every
 * process reports its errors by logging them as it already does:
 * `logger.error('what failed', { error, cloneId?, updateType? })`. Entries arrive redacted (the
 * logger's format runs first). Recording is fire-and-forget and never logs its own failure
 * (that would loop); `failures` counts them.
 *
 * Mother: added by the monitoring module. Clone worker: `logger.add(new ErrorRecordTransport(
 * errorRecordModel(connection), { process: 'clone:<id>', cloneId }))` once connected.
 */
export class ErrorRecordTransport extends TransportBase {
  /** Writes that failed (database away) or were dropped (more than {@link MAX_QUEUED} waiting). */
  failures = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly model: ErrorRecordModel,
    private readonly context: { process: string; cloneId?: string },
    private readonly clock: () => Date = () => new Date(),
  ) {
    super({ level: 'error' });
  }

  override log(info: LogEntry, next: () => void): void {
    const text = typeof info.message === 'string' ? info.message : 'error';
    // `logger.error(err)` puts the stack on the entry itself; `logger.error(msg, { error })` nests it.
    const error = info.error ?? (typeof info.stack === 'string' ? { name: 'Error', message: text, stack: info.stack } : { name: 'LoggedError', message: text });
    const context = {
      process: this.context.process,
      cloneId: typeof info.cloneId === 'string' ? info.cloneId : (this.context.cloneId ?? null),
      updateType: typeof info.updateType === 'string' ? info.updateType : null,
    };
    if (this.queued >= MAX_QUEUED) {
      this.failures += 1;
      next();
      return;
    }
    this.queued += 1;
    const now = this.clock();
    // One write at a time per process: concurrent writes to one document lose counts on FerretDB.
    const write = this.queue
      .then(() => recordError(this.model, error, context, now, text))
      .then(
        () => undefined,
        () => {
          this.failures += 1;
        },
      )
      .finally(() => {
        this.queued -= 1;
      });
    this.queue = write;
    next();
  }

  /** Waits for the writes in flight (before closing the database at shutdown). */
  async flush(): Promise<void> {
    await this.queue;
  }
}

/**
 * Which updates of a long-polling bot are running and which are finished, and from them the
 * offset that may be confirmed to Telegram. Confirming an offset deletes every update below it
 * on Telegram's side, so the offset never passes an unfinished update: it is the lowest update
 * still running, or one past the last update once all are finished. A worker killed mid-handler
 * therefore gets that update again (at least once), and updates Telegram sends again because
 * they sit above the offset are recognised as running or finished and not handled twice.
 */
export class UpdateLedger {
  private readonly running = new Set<number>();
  /** Finished updates at or above the offset: Telegram may send these again. */
  private readonly finished = new Set<number>();
  private highest = -1;
  private confirmable = 0;
  private finishedTotal = 0;

  /** `maxFinished` bounds the memory of finished updates; the oldest are forgotten first. */
  constructor(private readonly maxFinished = 10_000) {}

  /** The offset to send with the next getUpdates (0 before the first update). */
  get offset(): number {
    return this.confirmable;
  }

  /** Updates accepted and not finished yet (queued behind their chat or running). */
  get inFlight(): number {
    return this.running.size;
  }

  /** Updates at or above the offset that Telegram will send again: running or finished. */
  get known(): number {
    return this.running.size + this.finished.size;
  }

  /** Updates finished so far: a waiter compares it to tell whether one finished since it looked. */
  get completions(): number {
    return this.finishedTotal;
  }

  /** True when the update is running or finished (or below the offset): skip it. */
  has(updateId: number): boolean {
    return updateId < this.confirmable || this.running.has(updateId) || this.finished.has(updateId);
  }

  start(updateId: number): void {
    this.running.add(updateId);
    if (updateId > this.highest) this.highest = updateId;
  }

  finish(updateId: number): void {
    if (!this.running.delete(updateId)) return;
    this.finishedTotal += 1;
    if (this.running.size === 0) {
      this.confirmable = this.highest + 1;
      this.finished.clear();
      return;
    }
    let lowest = Infinity;
    for (const id of this.running) if (id < lowest) lowest = id;
    this.confirmable = Math.max(this.confirmable, lowest);
    this.finished.add(updateId);
    for (const id of this.finished) if (id < this.confirmable) this.finished.delete(id);
    if (this.finished.size > this.maxFinished) {
      const oldest = [...this.finished].sort((a, b) => a - b).slice(0, this.finished.size - this.maxFinished);
      for (const id of oldest) this.finished.delete(id);
    }
  }
}

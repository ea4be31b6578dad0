/**
 * Questions a user action is waiting on: a callback query waiting for answerCallbackQuery,
 * a pre_checkout_query waiting for answerPreCheckoutQuery. Each has a deadline timer; all
 * are settled (with `undefined`) when the sandbox stops, so no promise or timer outlives it.
 */
export class PendingAnswers<T> {
  private waiting = new Map<string, { resolve: (v: T | undefined) => void; timer: NodeJS.Timeout; meta: unknown }>();

  /** Registers `id`; the promise resolves with the answer, or undefined after `timeoutMs`. */
  wait(id: string, timeoutMs: number, meta?: unknown): Promise<T | undefined> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.settle(id, undefined), timeoutMs);
      this.waiting.set(id, { resolve, timer, meta });
    });
  }

  has(id: string): boolean {
    return this.waiting.has(id);
  }

  meta(id: string): unknown {
    return this.waiting.get(id)?.meta;
  }

  /** Delivers the answer; false if nobody waits for `id` (unknown or expired). */
  settle(id: string, value: T | undefined): boolean {
    const w = this.waiting.get(id);
    if (!w) return false;
    clearTimeout(w.timer);
    this.waiting.delete(id);
    w.resolve(value);
    return true;
  }

  settleAll(): void {
    for (const id of [...this.waiting.keys()]) this.settle(id, undefined);
  }
}

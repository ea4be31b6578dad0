/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel; a failed
 * task does not stop the ones queued behind it. It lives in core, not in bot-kit, because
 * nothing in it is about Telegram: the mother's services serialise their read-check-writes per
 * clone or owner with it (FerretDB 1.x does not make a conditional update atomic against a
 * concurrent one, so two can match the same filter), and the clone bot queues each user's
 * updates with it so an owner's quickly sent batch files are stored in order.
 */
export class KeyedQueue<K = string> {
  private readonly tails = new Map<K, Promise<unknown>>();

  /** Runs `task` after every task queued before it under `key`; settles as the task does. */
  run<T>(key: K, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const start = (): Promise<T> => task();
    const next = previous.then(start, start);
    // What the queue keeps holds no result: the task's value is the caller's, not the queue's.
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  /** Keys with a task queued or running. */
  get size(): number {
    return this.tails.size;
  }
}

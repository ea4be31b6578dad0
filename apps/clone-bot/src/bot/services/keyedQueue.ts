/**
 * Runs tasks one at a time per key, in arrival order, and different keys in parallel.
 * The clone bot queues each user's updates so that an owner's quickly sent batch files are
 * stored in order and no two updates of one user write the same document at once (FerretDB
 * 1.x can lose one of two concurrent updates to a document). Internal.
 */
export class KeyedQueue {
  private readonly tails = new Map<number, Promise<void>>();

  run(key: number, task: () => Promise<void>): Promise<void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(task, task);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }

  get size(): number {
    return this.tails.size;
  }
}

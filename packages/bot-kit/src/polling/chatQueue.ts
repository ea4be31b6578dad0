import type { Update } from 'telegraf/types';
import { abandonUpdates } from './abandonedUpdates';
import { updateKey } from './updateKey';

/**
 * The updates one intake (the poller, the webhook receiver) has taken and not finished: those of
 * one chat run one after another in arrival order (`updateKey`), the others at once. `drain`
 * waits for them up to a deadline; those still running then are left to be redelivered, so
 * they may no longer call Telegram (abandonedUpdates.ts).
 */
export class ChatQueue {
  private readonly running = new Map<number, Promise<void>>();
  private readonly tails = new Map<string, Promise<void>>();

  /** `bot`: the bot whose updates these are (the key of abandonUpdates). */
  constructor(private readonly bot: object) {}

  /** Updates taken and not finished (running, or queued behind their chat). */
  get size(): number {
    return this.running.size;
  }

  /** The update's promise while it is queued or running. */
  get(updateId: number): Promise<void> | undefined {
    return this.running.get(updateId);
  }

  /** Queues `run(update)` behind the running updates of its chat; `run` must not reject, nor does the promise returned. */
  dispatch(update: Update, run: (update: Update) => Promise<void>): Promise<void> {
    const id = update.update_id;
    const key = updateKey(update);
    const before = key === undefined ? undefined : this.tails.get(key);
    const handled = (before ?? Promise.resolve()).then(() => run(update));
    this.running.set(id, handled);
    if (key !== undefined) this.tails.set(key, handled);
    void handled.then(() => {
      this.running.delete(id);
      if (key !== undefined && this.tails.get(key) === handled) this.tails.delete(key);
    });
    return handled;
  }

  /** Waits for the updates taken so far, `deadlineMs` at most; those still unfinished then are abandoned. */
  async drain(deadlineMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, deadlineMs)));
    await Promise.race([Promise.all(this.running.values()), deadline]);
    clearTimeout(timer);
    if (this.running.size > 0) abandonUpdates(this.bot, this.running.keys());
  }
}

import type { Telegraf } from 'telegraf';

interface ApiClient {
  callApi(method: string, payload: unknown, extra?: unknown): Promise<unknown>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Telegraf's long polling, started so that the mother knows when it really polls and stopped
 * in whatever phase it is. `bot.launch` calls its onLaunch callback right after getMe, before
 * deleteWebhook and the first getUpdates, and `bot.stop()` throws until the poll loop exists:
 * a stop in that window used to wait forever for a loop that then started anyway.
 */
export class PollingLauncher {
  private launch?: Promise<void>;
  private settled = false;
  private stopping = false;

  constructor(private readonly bot: Telegraf) {}

  /**
   * Starts polling. `polling` resolves when the first getUpdates is sent, and rejects if the
   * launch fails before (401, 409, Telegram unreachable). `ended` settles when the loop ends.
   */
  start(): { polling: Promise<void>; ended: Promise<void> } {
    const telegram = this.bot.telegram as unknown as ApiClient;
    const call = telegram.callApi;
    let firstPoll!: () => void;
    const polling = new Promise<void>((resolve) => (firstPoll = resolve));
    telegram.callApi = (method, payload, extra) => {
      if (method === 'getUpdates') {
        telegram.callApi = call;
        // A stop that gave up waiting for this moment: the loop exists now, end it before it polls.
        if (this.stopping) this.bot.stop('shutdown');
        firstPoll();
      }
      return call.call(telegram, method, payload, extra);
    };
    this.launch = this.bot.launch({ dropPendingUpdates: false }).finally(() => (this.settled = true));
    const launch = this.launch;
    return { polling: Promise.race([polling, launch.then(() => undefined)]), ended: launch };
  }

  /** Stops polling (or its start) and waits up to `timeoutMs` for the loop to end. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.launch || this.stopping) return;
    this.stopping = true;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        this.bot.stop('shutdown');
        break;
      } catch {
        // Not polling yet (getMe or deleteWebhook in flight): try again until it is, or the launch fails.
      }
      if (this.settled || Date.now() > deadline) return;
      await sleep(50);
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.launch.catch(() => undefined), new Promise((r) => (timer = setTimeout(r, Math.max(0, deadline - Date.now()))))]);
    clearTimeout(timer);
  }
}

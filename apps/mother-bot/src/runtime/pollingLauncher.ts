import type { Telegraf } from 'telegraf';
import { launchPolling, type PollingLaunch, type UpdatePollerOptions } from '@motherbot/bot-kit';

/**
 * The mother's long polling, through the shared UpdatePoller rather than Telegraf's `launch`:
 * Telegraf's poller awaits whole batches, and a getUpdates that hangs leaves the bot deaf. The
 * mother knows when it really polls (`polling`) and can stop it in whatever phase it is.
 */
export class PollingLauncher {
  private launch?: PollingLaunch;

  constructor(
    private readonly bot: Telegraf,
    private readonly options: Pick<UpdatePollerOptions, 'onError' | 'onRetry'> = {},
  ) {}

  /**
   * Starts polling. `polling` resolves when the first getUpdates is sent, and rejects if the
   * launch fails before (401, 409, Telegram unreachable). `ended` settles when the loop ends.
   */
  start(): { polling: Promise<void>; ended: Promise<void> } {
    this.launch = launchPolling(this.bot, this.options);
    return { polling: this.launch.polling, ended: this.launch.ended };
  }

  /**
   * Stops polling (or its start), lets in-flight updates finish, and waits up to `timeoutMs` in
   * all: a getMe or deleteWebhook still in flight is not waited for past it.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.launch) return;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([this.launch.stop({ deadlineMs: timeoutMs }).catch(() => undefined), deadline]);
    clearTimeout(timer);
  }
}

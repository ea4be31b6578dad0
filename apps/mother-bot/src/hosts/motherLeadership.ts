import type { FencedLease, Logger } from '@motherbot/core';
import type { PollingLauncher } from '../runtime/pollingLauncher';

/** How the mother takes its updates: by polling (PollingLauncher) or by webhook (WebhookLauncher). */
export type UpdatesLauncher = Pick<PollingLauncher, 'start' | 'stop'>;

/**
 * Several hosts: every host runs the mother, and exactly one polls the platform bot — the one
 * holding the `mother-bot` FencedLease (in webhook mode: the one whose ingress Telegram's webhook
 * points at; it sets it when it takes the lease, a standby's ingress answers the mother's requests 503). A host that loses the lease, or cannot renew it in time,
 * stops polling within the fencing window; the next holder waits out the takeover delay before
 * its first getUpdates, so the platform's token is never polled twice.
 */
export class MotherLeadership {
  private timer?: NodeJS.Timeout;
  private check?: NodeJS.Timeout;
  private polling = false;
  private switching: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly lease: FencedLease,
    private readonly launcher: UpdatesLauncher,
    private readonly beatMs: number,
    private readonly logger: Logger,
    private readonly onPolling: (active: boolean) => void,
    /** Run before this host's first getUpdates of a term (what another leader may have changed meanwhile); a failure is logged, not fatal. */
    private readonly beforePolling: () => Promise<void> = async () => undefined,
  ) {}

  start(): void {
    const loop = (): void => {
      this.timer = setTimeout(() => {
        void this.lease.tick().then(() => this.follow()).finally(() => !this.stopped && loop());
      }, this.beatMs);
    };
    void this.lease.tick().then(() => this.follow()).finally(loop);
    // The lease's role changes with time alone (a renewal that is late fences it): look often.
    this.check = setInterval(() => this.follow(), 250);
    this.check.unref();
  }

  /** Whether this host polls the mother bot now. */
  get active(): boolean {
    return this.polling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.check);
    await this.switching;
    if (this.polling) await this.setPolling(false);
    await this.lease.release();
  }

  private follow(): void {
    if (this.stopped) return;
    const should = this.lease.active();
    if (should !== this.polling) this.switching = this.switching.then(() => this.setPolling(should));
  }

  private async setPolling(on: boolean): Promise<void> {
    if (on === this.polling) return;
    if (on) {
      if (this.stopped || !this.lease.active()) return;
      await this.beforePolling().catch((error: unknown) => this.logger.warn('preparing to poll the mother bot failed; polling anyway', { error }));
      if (this.stopped || !this.lease.active()) return;
      this.polling = true;
      this.logger.info('this host now polls the mother bot', { epoch: this.lease.currentEpoch });
      const { ended } = this.launcher.start();
      ended.catch((error: unknown) => this.logger.error('mother bot polling stopped', { error }));
      this.onPolling(true);
    } else {
      this.polling = false;
      this.onPolling(false);
      this.logger.warn('this host stops polling the mother bot (its lease is gone or could not be renewed in time)');
      await this.launcher.stop(2_000);
    }
  }
}

import type CircuitBreaker from 'opossum';
import { shortenUrl, ShortenerError, type ShortenerConfig, type ShortenOptions } from './shortener';

/** When the circuit opens, and how long it stays open before one trial call. */
export interface ShortenerCircuitOptions {
  /** Calls within the rolling window before the failure share is judged at all; default 3. */
  minCalls?: number;
  /** Share of failed calls in the window (percent) that opens the circuit; default 50. */
  failurePercent?: number;
  /** The rolling window the share is counted over; default 60 s. */
  windowMs?: number;
  /** How long an open circuit refuses at once before it lets one trial call through; default 30 s. */
  openMs?: number;
}

/**
 * The owner's shortener behind a circuit breaker (opossum). A shortener that is down would
 * otherwise hold every unverified user's link for the whole timeout (5 s by default) while the
 * bot's per-user queue waits behind it; once most recent calls failed, the circuit refuses at
 * once with a `ShortenerError('open')`, which the gate handles like any other shortener failure
 * (the file or a "try again", as the owner chose). After `openMs` one call tries the shortener
 * again: success closes the circuit, failure opens it for another `openMs`.
 *
 * One breaker per shortener configuration: an owner who sets another URL or key starts with a
 * closed circuit, so a fixed setting is used from the next link on.
 */
export class ShortenerCircuit {
  private current?: { id: string; breaker: CircuitBreaker<[ShortenerConfig, string], string> };

  constructor(
    private readonly call: ShortenOptions,
    private readonly options: ShortenerCircuitOptions = {},
  ) {}

  /** Shortens `longUrl`, or throws a {@link ShortenerError} (including reason `open` while the circuit is open). */
  async shorten(config: ShortenerConfig, longUrl: string): Promise<string> {
    const breaker = await this.breakerFor(config);
    try {
      return await breaker.fire(config, longUrl);
    } catch (error) {
      if (error instanceof ShortenerError) throw error;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        const seconds = Math.ceil((this.options.openMs ?? 30_000) / 1000);
        throw new ShortenerError('open', `the shortener failed several times in a row; it is asked again within ${seconds} s`, seconds);
      }
      throw error;
    }
  }

  /** Whether calls are refused at once right now (for the owner's settings screen and tests). */
  get isOpen(): boolean {
    return this.current?.breaker.opened ?? false;
  }

  /** Stops the breaker's window timers. */
  close(): void {
    this.current?.breaker.shutdown();
    this.current = undefined;
  }

  private async breakerFor(config: ShortenerConfig): Promise<CircuitBreaker<[ShortenerConfig, string], string>> {
    // Compared in memory only; the key never leaves this object.
    const id = `${config.apiUrl}\u0000${config.apiKey}`;
    if (this.current?.id === id) return this.current.breaker;
    // Loaded on first use: most clones never verify links, and an idle worker should not carry it.
    const { default: Breaker } = await import('opossum');
    if (this.current?.id === id) return this.current.breaker;
    this.close();
    const breaker = new Breaker((c: ShortenerConfig, url: string) => shortenUrl(c, url, this.call), {
      // shortenUrl has its own timeout, which names the failure; the breaker adds none.
      timeout: false,
      volumeThreshold: this.options.minCalls ?? 3,
      errorThresholdPercentage: this.options.failurePercent ?? 50,
      rollingCountTimeout: this.options.windowMs ?? 60_000,
      resetTimeout: this.options.openMs ?? 30_000,
    });
    this.current = { id, breaker };
    return breaker;
  }
}

/**
 * A fixed-window counter per user, in memory: one flooding user is cut off before their
 * updates reach the database, so they cannot slow anyone else down. Pure and clock-injected,
 * so it is tested without a bot; {@link userRateLimit} is its middleware in both bots.
 */
export class UserRateLimiter {
  private readonly windows = new Map<number, { start: number; count: number; warned: boolean }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly maxTracked = 50_000,
  ) {}

  /** `allowed`: go on; `warn`: over the limit for the first time in this window; `drop`: over it again. */
  hit(userId: number): 'allowed' | 'warn' | 'drop' {
    const now = this.now();
    let window = this.windows.get(userId);
    if (!window || now - window.start >= 60_000) {
      if (!window && this.windows.size >= this.maxTracked) this.prune(now);
      window = { start: now, count: 0, warned: false };
      this.windows.set(userId, window);
    }
    window.count += 1;
    if (window.count <= this.perMinute) return 'allowed';
    if (window.warned) return 'drop';
    window.warned = true;
    return 'warn';
  }

  private prune(now: number): void {
    for (const [id, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(id);
    // Still full (a flood of distinct users): forget the oldest half rather than grow forever.
    if (this.windows.size >= this.maxTracked) {
      let drop = Math.floor(this.windows.size / 2);
      for (const id of this.windows.keys()) {
        if (drop-- <= 0) break;
        this.windows.delete(id);
      }
    }
  }
}

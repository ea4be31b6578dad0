import { SendRateLimiter } from '../broadcast/rateLimiter';
import { VirtualClock } from '../broadcast/virtualClock';

/** Grants `count` sends (chat ids from `chatOf`) and returns the moment of each grant. */
async function grantTimes(limiter: SendRateLimiter, clock: VirtualClock, count: number, chatOf: (i: number) => number): Promise<number[]> {
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      expect(await limiter.acquire(chatOf(i))).toBe(true);
      times.push(clock.now());
    }),
  );
  return times;
}

describe('SendRateLimiter', () => {
  it('spaces sends evenly: never more than ratePerSecond in any one-second window', async () => {
    const clock = new VirtualClock();
    const limiter = new SendRateLimiter({ ratePerSecond: 25, clock });
    const times = await grantTimes(limiter, clock, 10_000, (i) => i);
    // Sliding windows starting at every grant, and fixed calendar seconds.
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (j < times.length && times[j]! < times[i]! + 1000) j += 1;
      expect(j - i).toBeLessThanOrEqual(25);
    }
    const perSecond = new Map<number, number>();
    for (const t of times) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBe(25);
    expect(Math.max(...times)).toBeGreaterThanOrEqual(9_999 * 40 - 1);
  });

  it.each([
    [30, 10, 30],
    [25, 5, 25],
    [25, 9, 18], // 9 does not divide 25: two whole turns a second
    [30, 1, 30],
  ])('gives turns for windows: at %i/s in windows of %i, at most the rate in any second (%i sent per second)', async (rate, window, perSecondExpected) => {
    const clock = new VirtualClock();
    const limiter = new SendRateLimiter({ ratePerSecond: rate, clock });
    const times: number[] = [];
    for (let turn = 0; turn < Math.ceil((12 * perSecondExpected) / window); turn += 1) {
      const chats = Array.from({ length: window }, (_, i) => turn * window + i);
      expect(await limiter.acquireMany(chats)).toBe(true);
      for (let i = 0; i < window; i += 1) times.push(clock.now());
    }
    for (let i = 0, j = 0; i < times.length; i += 1) {
      while (j < times.length && times[j]! < times[i]! + 1000) j += 1;
      expect(j - i).toBeLessThanOrEqual(rate);
    }
    // Steady state: sends in the 10 seconds after the first second, per second.
    const steady = times.filter((t) => t >= 1000 && t < 11_000).length / 10;
    expect(steady).toBeGreaterThanOrEqual(perSecondExpected * 0.95);
    expect(steady).toBeLessThanOrEqual(perSecondExpected);
  });

  it('keeps a second between two sends to the same chat', async () => {
    const clock = new VirtualClock();
    const limiter = new SendRateLimiter({ ratePerSecond: 30, clock });
    const times = await grantTimes(limiter, clock, 3, () => 42);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(1000);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(1000);
  });

  it('holds every waiter during a 429 pause', async () => {
    const clock = new VirtualClock(10_000);
    const limiter = new SendRateLimiter({ ratePerSecond: 25, clock });
    await limiter.acquire(1);
    limiter.pauseFor(5000);
    expect(limiter.pausedUntil).toBe(15_000);
    const times = await grantTimes(limiter, clock, 3, (i) => i + 2);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(15_000);
  });

  it('returns false, without granting, to a waiter whose signal aborts', async () => {
    const clock = new VirtualClock();
    const limiter = new SendRateLimiter({ ratePerSecond: 1, clock });
    await limiter.acquire(1);
    const controller = new AbortController();
    controller.abort();
    expect(await limiter.acquire(2, controller.signal)).toBe(false);
    expect(await limiter.acquire(3)).toBe(true);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new SendRateLimiter({ ratePerSecond: 0, clock: new VirtualClock() })).toThrow(RangeError);
  });
});

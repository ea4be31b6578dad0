import { UserRateLimiter } from '../userRateLimiter';

describe('UserRateLimiter', () => {
  it('rate-limits a user per minute and warns once', () => {
    let t = 0;
    const limiter = new UserRateLimiter(3, () => t);
    const results = Array.from({ length: 5 }, () => limiter.hit(7));
    expect(results).toEqual(['allowed', 'allowed', 'allowed', 'warn', 'drop']);
    expect(limiter.hit(8)).toBe('allowed');
    t = 60_000;
    expect(limiter.hit(7)).toBe('allowed');
  });

  it('forgets finished windows first, then the oldest half, when it tracks too many users', () => {
    let t = 0;
    const limiter = new UserRateLimiter(1, () => t, 4);
    for (const id of [1, 2, 3, 4]) limiter.hit(id);
    // Full: a new user makes room by forgetting the oldest half (1 and 2), whose windows start afresh.
    expect(limiter.hit(5)).toBe('allowed');
    expect(limiter.hit(1)).toBe('allowed');
    expect(limiter.hit(4)).toBe('warn');
    t = 60_000;
    expect(limiter.hit(4)).toBe('allowed');
  });
});

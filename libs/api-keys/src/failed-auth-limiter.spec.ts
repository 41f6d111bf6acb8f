import { FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  let clock = 1_000_000;
  const now = () => clock;

  it('lets an address fail `limit` times in a window, then says how long to wait until the window ends', () => {
    const limiter = new FailedAuthLimiter({ limit: 2, windowMs: 60_000, now });
    const start = clock;
    limiter.failed('a');
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    clock = start + 10_500;
    limiter.failed('a');
    expect(limiter.retryAfterSeconds('a')).toBe(50); // the window runs from the first failure; rounded up
    clock = start + 59_999;
    expect(limiter.retryAfterSeconds('a')).toBe(1);
    clock = start + 60_000;
    expect(limiter.retryAfterSeconds('a')).toBe(0);
    limiter.failed('a'); // a new window
    expect(limiter.retryAfterSeconds('a')).toBe(0);
  });

  it('counts each address on its own', () => {
    const limiter = new FailedAuthLimiter({ limit: 1, now });
    limiter.failed('a');
    expect(limiter.retryAfterSeconds('a')).toBeGreaterThan(0);
    expect(limiter.retryAfterSeconds('b')).toBe(0);
  });

  it('lets a key that succeeded try from a blocked address, until it has not been seen for knownKeyMs', () => {
    const limiter = new FailedAuthLimiter({ limit: 1, windowMs: 60 * 60_000, knownKeyMs: 60_000, now });
    const start = clock;
    limiter.succeeded('wmk_known');
    limiter.failed('a');
    expect(limiter.retryAfterSeconds('a', 'wmk_known')).toBe(0);
    expect(limiter.retryAfterSeconds('a', 'wmk_unknown')).toBeGreaterThan(0);
    clock = start + 60_000;
    expect(limiter.retryAfterSeconds('a', 'wmk_known')).toBeGreaterThan(0);
  });

  it('remembers at most maxEntries addresses and keys, forgetting the oldest first', () => {
    const limiter = new FailedAuthLimiter({ limit: 1, maxEntries: 2, now });
    for (const address of ['a', 'b', 'c']) limiter.failed(address);
    expect(['a', 'b', 'c'].map((a) => limiter.retryAfterSeconds(a) > 0)).toEqual([false, true, true]);
    for (const key of ['k1', 'k2', 'k3']) limiter.succeeded(key);
    expect(['k1', 'k2', 'k3'].map((k) => limiter.retryAfterSeconds('b', k) === 0)).toEqual([false, true, true]);
  });
});

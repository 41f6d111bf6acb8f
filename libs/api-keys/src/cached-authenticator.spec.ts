import { CachedAuthenticator } from './cached-authenticator';

describe('CachedAuthenticator', () => {
  let now: number;
  let owners: Map<string, string>;
  let lookups: number;
  const store = {
    authenticate: async (apiKey: string) => {
      lookups++;
      return owners.get(apiKey) ?? null;
    },
  };
  const authenticator = (maxEntries = 10) =>
    new CachedAuthenticator(store, { ttlMs: 30_000, maxEntries, now: () => now });

  beforeEach(() => {
    now = 0;
    owners = new Map([
      ['key-a', 'council-housing'],
      ['key-b', 'food-bank'],
      ['key-c', 'debt-advice'],
    ]);
    lookups = 0;
  });

  it('answers a recently authenticated key from memory', async () => {
    const auth = authenticator();
    expect(await auth.authenticate('key-a')).toBe('council-housing');
    now = 29_999;
    expect(await auth.authenticate('key-a')).toBe('council-housing');
    expect(lookups).toBe(1);
  });

  it('asks the store again once the TTL has passed, so a revocation takes effect within it', async () => {
    const auth = authenticator();
    await auth.authenticate('key-a');
    owners.delete('key-a'); // revoked
    now = 30_000;
    expect(await auth.authenticate('key-a')).toBeNull();
    expect(lookups).toBe(2);
  });

  it('never caches a failure, so a key issued a moment ago works at once', async () => {
    const auth = authenticator();
    expect(await auth.authenticate('key-new')).toBeNull();
    owners.set('key-new', 'council-housing');
    expect(await auth.authenticate('key-new')).toBe('council-housing');
    expect(lookups).toBe(2);
  });

  it('keeps at most maxEntries keys, forgetting the oldest first', async () => {
    const auth = authenticator(2);
    await auth.authenticate('key-a');
    await auth.authenticate('key-b');
    await auth.authenticate('key-c'); // evicts key-a
    lookups = 0;
    await auth.authenticate('key-b');
    await auth.authenticate('key-c');
    expect(lookups).toBe(0);
    await auth.authenticate('key-a');
    expect(lookups).toBe(1);
  });
});

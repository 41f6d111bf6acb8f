import { createHash } from 'node:crypto';

/** Anything that can tell whose a key is: the id of its owner, or null when the key is not valid. */
export interface KeyAuthenticator {
  authenticate(apiKey: string): Promise<string | null>;
}

export interface AuthCacheOptions {
  /** How long a successful authentication is trusted without asking the database; default 30 s. */
  ttlMs?: number;
  /** Most keys remembered at once; the oldest is forgotten first. Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Authenticates API keys with a small in-memory cache of successes, to keep the database off the hot path.
 * Consequence: a revoked key keeps working for up to `ttlMs` in each running process. Failures are not cached, so a
 * newly issued key works at once. Entries are keyed by a hash of the key, so no plaintext key sits in the cache.
 */
export class CachedAuthenticator implements KeyAuthenticator {
  private readonly cache = new Map<string, { ownerId: string; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly credentials: KeyAuthenticator,
    { ttlMs = 30_000, maxEntries = 10_000, now = Date.now }: AuthCacheOptions = {},
  ) {
    this.ttlMs = ttlMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  async authenticate(apiKey: string): Promise<string | null> {
    const cacheKey = createHash('sha256').update(apiKey).digest('base64');
    const cached = this.cache.get(cacheKey);
    if (cached && cached.expiresAt > this.now()) return cached.ownerId;
    this.cache.delete(cacheKey);

    const ownerId = await this.credentials.authenticate(apiKey);
    if (ownerId !== null) this.remember(cacheKey, ownerId);
    return ownerId;
  }

  /** Every entry lives equally long, so the first inserted (a Map keeps insertion order) expires first. */
  private remember(cacheKey: string, ownerId: string): void {
    if (this.cache.size >= this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(cacheKey, { ownerId, expiresAt: this.now() + this.ttlMs });
  }
}

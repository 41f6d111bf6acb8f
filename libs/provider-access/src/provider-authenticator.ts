import { AuthCacheOptions, CachedAuthenticator, KeyAuthenticator } from '@waymark/api-keys';

export type { AuthCacheOptions } from '@waymark/api-keys';

/**
 * Authenticates provider API keys with a small in-memory cache of successes (`CachedAuthenticator`), to keep the
 * database off the hot path. Consequence: a revoked key keeps working for up to `ttlMs` in each running process.
 * Failures are not cached, so a newly issued key works at once.
 */
export class ProviderAuthenticator extends CachedAuthenticator {
  constructor(credentials: KeyAuthenticator, options: AuthCacheOptions = {}) {
    super(credentials, options);
  }
}

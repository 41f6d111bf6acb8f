import { AuthCacheOptions, CachedAuthenticator, KeyAuthenticator } from '@waymark/api-keys';

/**
 * Authenticates commissioner API keys with the small in-memory cache of successes shared with providers' keys.
 * Consequence: a revoked key keeps working for up to `ttlMs` (default 30 s) in each running process. Failures are
 * not cached, so a newly issued key works at once.
 */
export class CommissionerAuthenticator extends CachedAuthenticator {
  constructor(credentials: KeyAuthenticator, options: AuthCacheOptions = {}) {
    super(credentials, options);
  }
}

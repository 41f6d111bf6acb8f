import { createHash } from 'node:crypto';

export interface FailedAuthLimits {
  /** Failed authentications one client address may make in a window; after that it must wait. Default 30. */
  limit?: number;
  /** Default one minute. */
  windowMs?: number;
  /** How long a key that authenticated stays trusted to try while its address is blocked. Default one day. */
  knownKeyMs?: number;
  /** Most addresses (and, separately, known keys) remembered at once; the oldest is forgotten first. Default 10 000. */
  maxEntries?: number;
  now?: () => number;
}

export const DEFAULT_FAILED_AUTH_LIMIT = 30;

/**
 * Counts failed authentications per client address in fixed windows. Once an address has failed `limit` times in a
 * window, it may not try again until the window ends: the guard answers 429 without looking the key up, so guessing
 * and the load it puts on the credential store are both bounded.
 *
 * Others behind the same address (a council's gateway) are spared where we can tell them apart: a key that has
 * authenticated in this process within `knownKeyMs` is still checked while its address is blocked (and is still
 * refused if it has been revoked since). Only a key this process has not yet seen succeed waits for the window to end.
 */
export class FailedAuthLimiter {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();
  private readonly knownKeys = new Map<string, number>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly knownKeyMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor({
    limit = DEFAULT_FAILED_AUTH_LIMIT,
    windowMs = 60_000,
    knownKeyMs = 24 * 60 * 60_000,
    maxEntries = 10_000,
    now = Date.now,
  }: FailedAuthLimits = {}) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.knownKeyMs = knownKeyMs;
    this.maxEntries = maxEntries;
    this.now = now;
  }

  /** Seconds until the address may try again (0: it may try now). A known key may always try. */
  retryAfterSeconds(address: string, apiKey?: string): number {
    if (apiKey !== undefined && this.isKnown(apiKey)) return 0;
    const window = this.currentWindow(address);
    if (!window || window.failures < this.limit) return 0;
    return Math.max(1, Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000));
  }

  failed(address: string): void {
    const window = this.currentWindow(address);
    if (window) window.failures += 1;
    else remember(this.windows, address, { startedAt: this.now(), failures: 1 }, this.maxEntries);
  }

  succeeded(apiKey: string): void {
    remember(this.knownKeys, keyHash(apiKey), this.now() + this.knownKeyMs, this.maxEntries);
  }

  private isKnown(apiKey: string): boolean {
    const hash = keyHash(apiKey);
    const expiresAt = this.knownKeys.get(hash);
    if (expiresAt === undefined) return false;
    if (expiresAt > this.now()) return true;
    this.knownKeys.delete(hash);
    return false;
  }

  private currentWindow(address: string) {
    const window = this.windows.get(address);
    if (window && window.startedAt + this.windowMs > this.now()) return window;
    this.windows.delete(address);
    return undefined;
  }
}

/** Keys are remembered by a hash, so no plaintext key sits in memory longer than its request. */
const keyHash = (apiKey: string) => createHash('sha256').update(apiKey).digest('base64');

/** Inserts at the end (re-inserting moves an entry there); past `max`, the first inserted is forgotten. */
function remember<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}

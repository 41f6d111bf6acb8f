import type { PayloadKeyRing } from '@waymark/payload-codec';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

const TAG_BYTES = 16;

/**
 * Seals the list's page tokens so that only tokens this API handed out reach Temporal, which answers a token it
 * cannot parse with a retryable error (the client retries it for some 20 s, then the request fails). The seal is an
 * HMAC under a key derived from the active payload key; every key of the ring opens one, so tokens outlive a rotation
 * and any instance opens another's.
 */
export class PageTokens {
  private readonly keys: Buffer[];

  constructor({ activeKeyId, keys }: PayloadKeyRing) {
    const active = Object.entries(keys).sort(([a], [b]) => Number(b === activeKeyId) - Number(a === activeKeyId));
    this.keys = active.map(([, key]) =>
      Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'waymark page token', 32)),
    );
    if (this.keys.length === 0) throw new Error('page tokens need at least one payload key');
  }

  seal(token: string): string {
    const raw = Buffer.from(token, 'utf8');
    return Buffer.concat([tag(this.keys[0], raw), raw]).toString('base64url');
  }

  /** The token inside, or undefined when it was not sealed here. */
  open(sealed: string): string | undefined {
    const bytes = Buffer.from(sealed, 'base64url');
    const presented = bytes.subarray(0, TAG_BYTES);
    const raw = bytes.subarray(TAG_BYTES);
    if (raw.length === 0) return undefined;
    return this.keys.some((key) => timingSafeEqual(tag(key, raw), presented)) ? raw.toString('utf8') : undefined;
  }
}

const tag = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest().subarray(0, TAG_BYTES);

import { randomBytes } from 'node:crypto';

/** AES-256 needs exactly 32 bytes of key. */
export const KEY_BYTES = 32;

/** Key ids travel in clear in payload metadata, so they must be short labels, never key material. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
export const KEY_ID_RULE = '1-32 characters of A-Z a-z 0-9 _ -';

/**
 * Keys by id. New payloads are encrypted with the active key; old ones name the key they were encrypted with,
 * so a rotated-out key must stay in the ring until no history still needs it.
 */
export interface PayloadKeyRing {
  activeKeyId: string;
  keys: Record<string, Buffer>;
  /** What decoding does with a payload that is not encrypted; `refuse` unless given (decision 0021). */
  plain?: PlainPayloads;
}

/**
 * `refuse`: a payload that is not encrypted decodes to a marker no payload converter reads, so whoever wrote it
 * (anyone with access to the Temporal frontend) is refused. `accept`: it decodes unchanged, for a namespace that
 * still holds histories written before encryption.
 */
export const PLAIN_PAYLOADS = ['refuse', 'accept'] as const;
export type PlainPayloads = (typeof PLAIN_PAYLOADS)[number];

/** A fresh random key, base64, ready for WAYMARK_PAYLOAD_KEYS. */
export function generatePayloadKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

import { createHash } from 'node:crypto';

const digest = (...parts: string[]) => createHash('sha256').update(parts.join('\u0000')).digest('hex');

/**
 * A provider's Idempotency-Key decides the ids Temporal sees, so a retried
 * request (even after any restart) reaches the same journey and the same Update.
 */
export function journeyIdFor(providerId: string, idempotencyKey: string): string {
  const h = digest('journey', providerId, idempotencyKey);
  // Shaped as an RFC 9562 version-8 (custom) UUID.
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-8${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function updateIdFor(providerId: string, idempotencyKey: string): string {
  return digest('update', providerId, idempotencyKey);
}

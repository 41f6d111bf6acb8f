import type { IncomingHttpHeaders } from 'node:http';

export type PresentedApiKey = { kind: 'key'; apiKey: string } | { kind: 'missing' } | { kind: 'not-bearer' };

const BEARER = /^Bearer +(\S+) *$/i; // the auth scheme is case-insensitive (RFC 9110 §11.1)

/** The API key a request carries: `Authorization: Bearer <key>`, or else `X-API-Key: <key>`. */
export function presentedApiKey(headers: IncomingHttpHeaders): PresentedApiKey {
  const authorization = headers.authorization;
  if (authorization) {
    const bearer = BEARER.exec(authorization);
    return bearer ? { kind: 'key', apiKey: bearer[1] } : { kind: 'not-bearer' };
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? { kind: 'key', apiKey } : { kind: 'missing' };
}

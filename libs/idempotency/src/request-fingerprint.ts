import { createHash } from 'node:crypto';

/** Far deeper than any request body Waymark takes; deeper values are refused rather than overflowing the stack. */
export const MAX_JSON_DEPTH = 100;

export class JsonTooDeepError extends Error {
  constructor() {
    super(`JSON nested more than ${MAX_JSON_DEPTH} levels deep`);
    this.name = 'JsonTooDeepError';
  }
}

/**
 * JSON with object keys sorted (UTF-16 code-unit order, as in RFC 8785) and no whitespace, so two encodings of
 * the same value — keys reordered, spaced differently — serialise identically. Array order is kept: it carries
 * meaning. Meant for JSON values such as parsed request bodies.
 */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_JSON_DEPTH) throw new JsonTooDeepError();
  if (hasToJson(value)) return canonicalJson(value.toJSON(), depth);
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item, depth + 1)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((name) => record[name] !== undefined)
      .sort()
      .map((name) => `${JSON.stringify(name)}:${canonicalJson(record[name], depth + 1)}`);
    return `{${members.join(',')}}`;
  }
  // undefined (a missing body, or a hole in an array) reads as null, as JSON.stringify writes it in arrays.
  return JSON.stringify(value) ?? 'null';
}

/**
 * What a request asks for, as SHA-256 hex of method, path (with any query) and canonical JSON body. A reused
 * Idempotency-Key must come with the same fingerprint, or it names a different request.
 */
export function requestFingerprint(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()}\n${path}\n${canonicalJson(body)}`)
    .digest('hex');
}

function hasToJson(value: unknown): value is { toJSON(): unknown } {
  return typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function';
}

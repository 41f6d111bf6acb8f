import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `<prefix>_<keyId>_<secret>`: the prefix says whose key it is (`wmk` for providers, `wmc` for
 * commissioners), so one kind is never mistaken for the other and a leaked key is recognisable; the key id
 * (16 hex characters) names the credential and is not secret — it is listed, logged and used to find the row; the
 * secret is 32 random bytes in base64url (43 characters, which may themselves contain `_`). Only a hash of the
 * secret is stored.
 */
const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;
const PREFIX_PATTERN = /^[a-z]{2,8}$/;

export interface ApiKeyParts {
  keyId: string;
  secret: string;
}

/** One kind of API key: a prefix, and how keys with it are made and read. */
export interface ApiKeyFormat {
  /** Without the separating `_`, e.g. `wmk`. */
  readonly prefix: string;
  format(parts: ApiKeyParts): string;
  /** A new random key, and its parts. */
  generate(): ApiKeyParts & { apiKey: string };
  /** The key id and secret of a well-formed key with this prefix; null for anything else. */
  parse(apiKey: string): ApiKeyParts | null;
}

/** Keys with this prefix: 2–8 lower-case letters, e.g. `apiKeyFormat('wmk')` for `wmk_<keyId>_<secret>`. */
export function apiKeyFormat(prefix: string): ApiKeyFormat {
  if (!PREFIX_PATTERN.test(prefix)) throw new Error(`an API key prefix is 2–8 lower-case letters, not "${prefix}"`);
  const pattern = new RegExp(`^${prefix}_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$`);
  const format = ({ keyId, secret }: ApiKeyParts) => `${prefix}_${keyId}_${secret}`;
  return {
    prefix,
    format,
    generate() {
      const parts = {
        keyId: randomBytes(KEY_ID_BYTES).toString('hex'),
        secret: randomBytes(SECRET_BYTES).toString('base64url'),
      };
      return { ...parts, apiKey: format(parts) };
    },
    parse(apiKey) {
      const match = pattern.exec(apiKey);
      return match ? { keyId: match[1], secret: match[2] } : null;
    },
  };
}

/**
 * SHA-256 of the secret. The secret is 32 random bytes, so nobody can guess it from its hash and a fast hash is the
 * right one: slow password hashes (bcrypt, scrypt, argon2) only protect low-entropy secrets, and would add their
 * deliberate delay to every authenticated request.
 */
export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Compares hashes in constant time, so response timing says nothing about how much of a guess was right. */
export function secretMatches(secret: string, storedHash: Buffer): boolean {
  const presented = hashSecret(secret);
  return presented.length === storedHash.length && timingSafeEqual(presented, storedHash);
}

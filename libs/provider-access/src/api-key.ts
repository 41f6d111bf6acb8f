import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * API keys look like `wmk_<keyId>_<secret>`: the key id (16 hex characters) names the credential and is not
 * secret — it is listed, logged and used to find the row; the secret is 32 random bytes in base64url (43 characters,
 * which may themselves contain `_`). Only a hash of the secret is stored.
 */
const KEY_ID_BYTES = 8;
const SECRET_BYTES = 32;
const API_KEY_PATTERN = /^wmk_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface ApiKeyParts {
  keyId: string;
  secret: string;
}

export function formatApiKey({ keyId, secret }: ApiKeyParts): string {
  return `wmk_${keyId}_${secret}`;
}

export function generateApiKey(): ApiKeyParts & { apiKey: string } {
  const parts = {
    keyId: randomBytes(KEY_ID_BYTES).toString('hex'),
    secret: randomBytes(SECRET_BYTES).toString('base64url'),
  };
  return { ...parts, apiKey: formatApiKey(parts) };
}

/** The key id and secret of a well-formed key; null for anything else. */
export function parseApiKey(apiKey: string): ApiKeyParts | null {
  const match = API_KEY_PATTERN.exec(apiKey);
  return match ? { keyId: match[1], secret: match[2] } : null;
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

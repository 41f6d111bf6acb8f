import { apiKeyFormat, ApiKeyParts } from '@waymark/api-keys';

export type { ApiKeyParts } from '@waymark/api-keys';

/** Providers' API keys: `wmk_<keyId>_<secret>` (format, hashing and comparison live in `@waymark/api-keys`). */
export const PROVIDER_API_KEYS = apiKeyFormat('wmk');

export function formatApiKey(parts: ApiKeyParts): string {
  return PROVIDER_API_KEYS.format(parts);
}

export function generateApiKey(): ApiKeyParts & { apiKey: string } {
  return PROVIDER_API_KEYS.generate();
}

/** The key id and secret of a well-formed provider key; null for anything else (a commissioner's key included). */
export function parseApiKey(apiKey: string): ApiKeyParts | null {
  return PROVIDER_API_KEYS.parse(apiKey);
}

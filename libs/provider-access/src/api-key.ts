import { apiKeyFormat } from '@waymark/api-keys';

export type { ApiKeyParts } from '@waymark/api-keys';

/** Providers' API keys: `wmk_<keyId>_<secret>` (format, hashing and comparison live in `@waymark/api-keys`). */
export const PROVIDER_API_KEYS = apiKeyFormat('wmk');

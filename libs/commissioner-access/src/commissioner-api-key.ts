import { apiKeyFormat } from '@waymark/api-keys';

/**
 * Commissioners' API keys: `wmc_<keyId>_<secret>`. The prefix differs from providers' `wmk_`, so neither kind of key
 * even parses where the other is expected (and each kind lives in its own table besides).
 */
export const COMMISSIONER_API_KEYS = apiKeyFormat('wmc');

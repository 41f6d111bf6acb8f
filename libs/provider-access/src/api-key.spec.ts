import { apiKeyFormat } from '@waymark/api-keys';
import { PROVIDER_API_KEYS } from './api-key';

describe('provider API keys', () => {
  it('are wmk_<16 hex key id>_<43 base64url secret>, and parse back into their parts', () => {
    const { keyId, secret, apiKey } = PROVIDER_API_KEYS.generate();
    expect(apiKey).toMatch(/^wmk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(PROVIDER_API_KEYS.parse(apiKey)).toEqual({ keyId, secret });
    expect(PROVIDER_API_KEYS.format({ keyId, secret })).toBe(apiKey);
  });

  it('are not commissioner keys, and commissioner keys are not provider keys', () => {
    const commissionerKey = apiKeyFormat('wmc').generate().apiKey;
    expect(PROVIDER_API_KEYS.parse(commissionerKey)).toBeNull();
    expect(PROVIDER_API_KEYS.parse(commissionerKey.replace(/^wmc_/, 'wmk_'))).not.toBeNull(); // only the prefix differs
  });
});

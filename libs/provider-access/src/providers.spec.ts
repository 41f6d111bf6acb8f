import { apiKeyFormat, CredentialInputError } from '@waymark/api-keys';
import { PROVIDERS } from './providers';

const keys = PROVIDERS.keys;

describe('provider API keys', () => {
  it('are wmk_<16 hex key id>_<43 base64url secret>, and parse back into their parts', () => {
    const { keyId, secret, apiKey } = keys.generate();
    expect(apiKey).toMatch(/^wmk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(keys.parse(apiKey)).toEqual({ keyId, secret });
    expect(keys.format({ keyId, secret })).toBe(apiKey);
  });

  it('are not commissioner keys, and commissioner keys are not provider keys', () => {
    const commissionerKey = apiKeyFormat('wmc').generate().apiKey;
    expect(keys.parse(commissionerKey)).toBeNull();
    expect(keys.parse(commissionerKey.replace(/^wmc_/, 'wmk_'))).not.toBeNull(); // only the prefix differs
  });

  it('are stored in provider_api.provider_credentials, by provider_id', () => {
    expect(PROVIDERS).toMatchObject({ table: 'provider_api.provider_credentials', ownerColumn: 'provider_id' });
  });

  it('belong to valid provider ids only, saying which id and why', () => {
    expect(PROVIDERS.checkOwner('council-housing')).toBe('council-housing');
    expect(() => PROVIDERS.checkOwner('Council Housing')).toThrow(CredentialInputError);
    expect(() => PROVIDERS.checkOwner('Council Housing')).toThrow('provider id "Council Housing" must be');
  });
});

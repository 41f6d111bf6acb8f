import { credentialAudience, CredentialInputError, SchemaPart } from '@waymark/api-keys';
import { providerId } from '@waymark/event-contracts';
import { ProviderCredentials1764460800000 } from './migrations/1764460800000-provider-credentials';

/**
 * Providers' API keys: `wmk_<keyId>_<secret>`, in `provider_api.provider_credentials`. `provider_api` is journey-api's
 * schema (the provider API's): these keys and its idempotency records, which journey-api puts together.
 */
export const PROVIDERS = credentialAudience({
  holder: 'provider',
  prefix: 'wmk',
  schema: 'provider_api',
  checkOwner: (id) => {
    const checked = providerId.safeParse(id);
    if (!checked.success) throw new CredentialInputError(`provider id "${id}" ${checked.error.issues[0].message}`);
    return checked.data;
  },
});

/** The providers' credentials table, one part of the provider_api schema. */
export const PROVIDER_CREDENTIALS: SchemaPart = { migrations: [ProviderCredentials1764460800000] };

/** The provider ApiKeyGuard authenticated for this request, if any. */
export const providerIdOf: (request: object) => string | undefined = PROVIDERS.caller.of;

/**
 * The authenticated provider's id as a handler parameter. On a route that skipped authentication (`@Public()`)
 * there is none, which is a programming error: it fails the request with a 500.
 */
export const CurrentProvider = PROVIDERS.caller.param;

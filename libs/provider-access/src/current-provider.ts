import { authenticatedCaller } from '@waymark/api-keys';

const providers = authenticatedCaller('provider', 'CurrentProvider');

/** The provider ProviderAuthGuard authenticated for this request, if any. */
export const providerIdOf: (request: object) => string | undefined = providers.of;

export const setProviderId: (request: object, providerId: string) => void = providers.set;

/**
 * The authenticated provider's id as a handler parameter. On a route that skipped authentication (`@Public()`)
 * there is none, which is a programming error: it fails the request with a 500.
 */
export const CurrentProvider = providers.param;

/** Where ProviderAuthGuard puts the provider it authenticated. */
export const PROVIDER_CALLER = providers;

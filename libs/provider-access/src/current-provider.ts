import { createParamDecorator, ExecutionContext } from '@nestjs/common';

/** A symbol key: invisible to serializers and loggers, and no clash with anything else on the request. */
const PROVIDER_ID = Symbol('waymark.providerId');

type WithProvider = { [PROVIDER_ID]?: string };

/** The provider ProviderAuthGuard authenticated for this request, if any. */
export function providerIdOf(request: object): string | undefined {
  return (request as WithProvider)[PROVIDER_ID];
}

export function setProviderId(request: object, providerId: string): void {
  (request as WithProvider)[PROVIDER_ID] = providerId;
}

/**
 * The authenticated provider's id as a handler parameter. On a route that skipped authentication (`@Public()`)
 * there is none, which is a programming error: it fails the request with a 500.
 */
export const CurrentProvider = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const providerId = providerIdOf(context.switchToHttp().getRequest<object>());
  if (providerId === undefined) throw new Error('@CurrentProvider() used on a route without an authenticated provider');
  return providerId;
});

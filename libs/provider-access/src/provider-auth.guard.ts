import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyGuard, FailedAuthLimiter } from '@waymark/api-keys';
import { PROVIDER_CALLER } from './current-provider';
import { ProviderAuthenticator } from './provider-authenticator';

/**
 * Every HTTP route needs a provider's API key unless marked `@Public()`. A missing, malformed, unknown or revoked
 * key (a commissioner's key included) is a 401 problem with a `WWW-Authenticate: Bearer` challenge; which of these it
 * was is not told apart beyond "missing" and "not valid". On success the provider id is put on the request (see
 * `@CurrentProvider()`). The checks themselves are `ApiKeyGuard`'s, shared with the commissioners' guard.
 */
@Injectable()
export class ProviderAuthGuard extends ApiKeyGuard {
  constructor(reflector: Reflector, authenticator: ProviderAuthenticator, failures: FailedAuthLimiter) {
    super(reflector, authenticator, PROVIDER_CALLER, failures);
  }
}

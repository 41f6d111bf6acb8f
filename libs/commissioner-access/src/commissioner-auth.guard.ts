import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiKeyGuard, FailedAuthLimiter } from '@waymark/api-keys';
import { CommissionerAuthenticator } from './commissioner-authenticator';
import { COMMISSIONER_CALLER } from './current-commissioner';

/**
 * Every HTTP route of measures-service needs a commissioner's API key unless marked `@Public()`. A missing,
 * malformed, unknown or revoked key (a provider's key included) is a 401 problem with a
 * `WWW-Authenticate: Bearer realm="waymark"` challenge, exactly as journey-api answers providers. On success the
 * commissioner id is put on the request (see `@CurrentCommissioner()`).
 */
@Injectable()
export class CommissionerAuthGuard extends ApiKeyGuard {
  constructor(reflector: Reflector, authenticator: CommissionerAuthenticator, failures: FailedAuthLimiter) {
    super(reflector, authenticator, COMMISSIONER_CALLER, failures);
  }
}

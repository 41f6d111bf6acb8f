import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problemType } from '@waymark/http';
import type { Request, Response } from 'express';
import { setProviderId } from './current-provider';
import { presentedApiKey } from './presented-api-key';
import { ProviderAuthenticator } from './provider-authenticator';
import { IS_PUBLIC } from './public.decorator';

const CHALLENGE = 'Bearer realm="waymark"';

/**
 * Every HTTP route needs a provider's API key unless marked `@Public()`. A missing, malformed, unknown or revoked
 * key is a 401 problem with a `WWW-Authenticate: Bearer` challenge; which of these it was is not told apart beyond
 * "missing" and "not valid". On success the provider id is put on the request (see `@CurrentProvider()`).
 */
@Injectable()
export class ProviderAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: ProviderAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const presented = presentedApiKey(request.headers);
    if (presented.kind === 'missing') {
      throw unauthorized(response, CHALLENGE, 'Send your API key as "Authorization: Bearer <key>" or in X-API-Key.');
    }
    if (presented.kind === 'not-bearer') {
      throw unauthorized(response, CHALLENGE, 'The Authorization header must use the Bearer scheme.');
    }
    const providerId = await this.authenticator.authenticate(presented.apiKey);
    if (providerId === null) {
      throw unauthorized(
        response,
        `${CHALLENGE}, error="invalid_token"`,
        'The API key is not valid, or has been revoked.',
      );
    }
    setProviderId(request, providerId);
    return true;
  }
}

/** The problem filter writes the body; the challenge header is set here, on the response it will write to. */
function unauthorized(response: Response, challenge: string, detail: string): ProblemException {
  response.setHeader('WWW-Authenticate', challenge);
  return new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail });
}

import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problemType } from '@waymark/http';
import type { Request, Response } from 'express';
import type { AuthenticatedCaller } from './authenticated-caller';
import type { KeyAuthenticator } from './cached-authenticator';
import type { FailedAuthLimiter } from './failed-auth-limiter';
import { presentedApiKey } from './presented-api-key';
import { IS_PUBLIC } from './public.decorator';

/** The `WWW-Authenticate` challenge every API key guard answers with. */
export const API_KEY_CHALLENGE = 'Bearer realm="waymark"';

/**
 * Every HTTP route needs an API key of the guard's kind unless marked `@Public()`. A missing, malformed, unknown or
 * revoked key (a key of another kind included) is a 401 problem with a `WWW-Authenticate: Bearer` challenge; which of
 * these it was is not told apart beyond "missing" and "not valid". On success the caller's id is put on the request.
 * A client address that has failed too often is answered 429 with `Retry-After` until its window ends (see
 * {@link FailedAuthLimiter}; the address is Express's `request.ip`, which honours `X-Forwarded-For` only from the
 * proxies the service is told to trust).
 *
 * One guard for every audience: `ApiKeysModule` makes it with the audience's authenticator and caller slot.
 */
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: KeyAuthenticator,
    private readonly caller: Pick<AuthenticatedCaller, 'set'>,
    private readonly failures: FailedAuthLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const presented = presentedApiKey(request.headers);
    const retryAfter = this.failures.retryAfterSeconds(
      address,
      presented.kind === 'key' ? presented.apiKey : undefined,
    );
    if (retryAfter > 0) {
      response.setHeader('Retry-After', String(retryAfter));
      throw ProblemException.rateLimited(
        `Too many failed authentications from this address; retry after ${retryAfter} s (Retry-After).`,
      );
    }

    if (presented.kind === 'missing') {
      throw this.unauthorized(address, response, API_KEY_CHALLENGE, MISSING);
    }
    if (presented.kind === 'not-bearer') {
      throw this.unauthorized(address, response, API_KEY_CHALLENGE, NOT_BEARER);
    }
    const callerId = await this.authenticator.authenticate(presented.apiKey);
    if (callerId === null) {
      throw this.unauthorized(address, response, `${API_KEY_CHALLENGE}, error="invalid_token"`, NOT_VALID);
    }
    this.failures.succeeded(presented.apiKey);
    this.caller.set(request, callerId);
    return true;
  }

  /** The problem filter writes the body; the challenge header is set here, on the response it will write to. */
  private unauthorized(address: string, response: Response, challenge: string, detail: string): ProblemException {
    this.failures.failed(address);
    response.setHeader('WWW-Authenticate', challenge);
    return new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail });
  }
}

const MISSING = 'Send your API key as "Authorization: Bearer <key>" or in X-API-Key.';
const NOT_BEARER = 'The Authorization header must use the Bearer scheme.';
const NOT_VALID = 'The API key is not valid, or has been revoked.';

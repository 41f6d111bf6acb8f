import { CanActivate, ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException, problemType } from '@waymark/http';
import type { Request, Response } from 'express';
import type { AuthenticatedCaller } from './authenticated-caller';
import type { KeyAuthenticator } from './cached-authenticator';
import { presentedApiKey } from './presented-api-key';
import { IS_PUBLIC } from './public.decorator';

/** The `WWW-Authenticate` challenge every API key guard answers with. */
export const API_KEY_CHALLENGE = 'Bearer realm="waymark"';

/**
 * Every HTTP route needs an API key of the guard's kind unless marked `@Public()`. A missing, malformed, unknown or
 * revoked key (a key of another kind included) is a 401 problem with a `WWW-Authenticate: Bearer` challenge; which of
 * these it was is not told apart beyond "missing" and "not valid". On success the caller's id is put on the request.
 *
 * Each kind of caller extends this with an `@Injectable()` class whose constructor names its own authenticator, so
 * Nest can inject it.
 */
export abstract class ApiKeyGuard implements CanActivate {
  protected constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: KeyAuthenticator,
    private readonly caller: Pick<AuthenticatedCaller, 'set'>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();

    const presented = presentedApiKey(request.headers);
    if (presented.kind === 'missing') {
      throw unauthorized(
        response,
        API_KEY_CHALLENGE,
        'Send your API key as "Authorization: Bearer <key>" or in X-API-Key.',
      );
    }
    if (presented.kind === 'not-bearer') {
      throw unauthorized(response, API_KEY_CHALLENGE, 'The Authorization header must use the Bearer scheme.');
    }
    const callerId = await this.authenticator.authenticate(presented.apiKey);
    if (callerId === null) {
      throw unauthorized(
        response,
        `${API_KEY_CHALLENGE}, error="invalid_token"`,
        'The API key is not valid, or has been revoked.',
      );
    }
    this.caller.set(request, callerId);
    return true;
  }
}

/** The problem filter writes the body; the challenge header is set here, on the response it will write to. */
function unauthorized(response: Response, challenge: string, detail: string): ProblemException {
  response.setHeader('WWW-Authenticate', challenge);
  return new ProblemException({ type: problemType('unauthorized'), title: 'Unauthorized', status: 401, detail });
}

import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@waymark/http';
import { API_KEY_CHALLENGE, ApiKeyGuard } from './api-key.guard';
import { authenticatedCaller } from './authenticated-caller';
import { KeyAuthenticator } from './cached-authenticator';
import { Public } from './public.decorator';

const callers = authenticatedCaller('tester', 'CurrentTester');
const keys: KeyAuthenticator = { authenticate: async (apiKey) => (apiKey === 'good-key' ? 'tester-1' : null) };

@Injectable()
class TestGuard extends ApiKeyGuard {
  constructor(reflector: Reflector) {
    super(reflector, keys, callers);
  }
}

class Guarded {
  handler() {
    return 'ok';
  }
}

@Public()
class Open {
  handler() {
    return 'ok';
  }
}

function contextFor(target: { prototype: { handler: () => string } }, headers: Record<string, string>) {
  const request = { headers };
  const responseHeaders = new Map<string, string>();
  const response = { setHeader: (name: string, value: string) => responseHeaders.set(name.toLowerCase(), value) };
  const context = {
    getHandler: () => target.prototype.handler,
    getClass: () => target,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ExecutionContext;
  return { context, request, responseHeaders };
}

async function refusal(guard: ApiKeyGuard, context: ExecutionContext): Promise<ProblemException> {
  const error = await guard.canActivate(context).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ProblemException);
  return error as ProblemException;
}

describe('ApiKeyGuard', () => {
  const guard = new TestGuard(new Reflector());

  it('lets a valid key through and puts its owner on the request', async () => {
    const { context, request } = contextFor(Guarded, { authorization: 'Bearer good-key' });
    expect(await guard.canActivate(context)).toBe(true);
    expect(callers.of(request)).toBe('tester-1');
  });

  it('lets anything through to a @Public() controller, authenticating nobody', async () => {
    const { context, request } = contextFor(Open, {});
    expect(await guard.canActivate(context)).toBe(true);
    expect(callers.of(request)).toBeUndefined();
  });

  it.each([
    ['no key', {}, API_KEY_CHALLENGE, /Authorization: Bearer <key>/],
    ['another scheme', { authorization: 'Basic dXNlcjpwYXNz' }, API_KEY_CHALLENGE, /Bearer scheme/],
    [
      'a key that is not valid',
      { authorization: 'Bearer bad-key' },
      `${API_KEY_CHALLENGE}, error="invalid_token"`,
      /not valid, or has been revoked/,
    ],
  ])('answers %s with a 401 problem and a Bearer challenge', async (_, headers, challenge, detail) => {
    const { context, request, responseHeaders } = contextFor(Guarded, headers);
    const { problem } = await refusal(guard, context);
    expect(problem).toMatchObject({ type: '/problems/unauthorized', title: 'Unauthorized', status: 401 });
    expect(problem.detail).toMatch(detail);
    expect(responseHeaders.get('www-authenticate')).toBe(challenge);
    expect(callers.of(request)).toBeUndefined();
  });
});

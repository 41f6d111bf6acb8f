import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemException } from '@waymark/http';
import { API_KEY_CHALLENGE, ApiKeyGuard } from './api-key.guard';
import { authenticatedCaller } from './authenticated-caller';
import { KeyAuthenticator } from './cached-authenticator';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { Public } from './public.decorator';

const callers = authenticatedCaller('tester', 'CurrentTester');
const VALID = new Set(['good-key', 'other-good-key']);
const looked: string[] = [];
const keys: KeyAuthenticator = {
  authenticate: async (apiKey) => {
    looked.push(apiKey);
    return VALID.has(apiKey) ? 'tester-1' : null;
  },
};

@Injectable()
class TestGuard extends ApiKeyGuard {
  constructor(reflector: Reflector, limiter = new FailedAuthLimiter()) {
    super(reflector, keys, callers, limiter);
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

function contextFor(
  target: { prototype: { handler: () => string } },
  headers: Record<string, string>,
  ip = '10.0.0.1',
) {
  const request = { headers, ip, socket: {} };
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

describe('ApiKeyGuard after repeated failures from one address', () => {
  let clock = 0;
  const limiter = new FailedAuthLimiter({ limit: 3, windowMs: 60_000, now: () => clock });
  const guard = new TestGuard(new Reflector(), limiter);
  const attempt = (authorization: string, ip = '192.0.2.7') => contextFor(Guarded, { authorization }, ip);

  beforeAll(async () => {
    const known = attempt('Bearer good-key'); // succeeds before the failures, so this process knows the key
    expect(await guard.canActivate(known.context)).toBe(true);
    for (let i = 0; i < 3; i++)
      expect((await refusal(guard, attempt(`Bearer guess-${i}`).context)).problem.status).toBe(401);
    clock = 15_000;
  });

  it('answers the next attempt 429 with Retry-After, without looking the key up', async () => {
    looked.length = 0;
    const { context, responseHeaders } = attempt('Bearer guess-4');
    const { problem } = await refusal(guard, context);
    expect(problem).toMatchObject({ type: '/problems/rate-limited', status: 429 });
    expect(responseHeaders.get('retry-after')).toBe('45');
    expect(looked).toEqual([]);
  });

  it('still refuses a request without any key from that address with 429', async () => {
    const { context } = contextFor(Guarded, {}, '192.0.2.7');
    expect((await refusal(guard, context)).problem.status).toBe(429);
  });

  it('lets a key that has succeeded here before through, checking it as usual', async () => {
    looked.length = 0;
    const { context, request } = attempt('Bearer good-key');
    expect(await guard.canActivate(context)).toBe(true);
    expect(callers.of(request)).toBe('tester-1');
    expect(looked).toEqual(['good-key']);
  });

  it('makes a valid key it has not seen yet wait for the window, like any other', async () => {
    expect((await refusal(guard, attempt('Bearer other-good-key').context)).problem.status).toBe(429);
  });

  it('does not hold other addresses to it', async () => {
    expect((await refusal(guard, attempt('Bearer guess-5', '198.51.100.1').context)).problem.status).toBe(401);
  });

  it('lets the address try again once its window has passed', async () => {
    clock = 60_000;
    expect(await guard.canActivate(attempt('Bearer other-good-key').context)).toBe(true);
  });
});

import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem.filter';

/** What the filter wrote: status, headers and body. */
function answerTo(exception: unknown) {
  const written = { status: 0, headers: {} as Record<string, string>, body: undefined as unknown };
  const response = {
    setHeader: (name: string, value: string) => (written.headers[name] = value),
    status(code: number) {
      written.status = code;
      return this;
    },
    type: () => response,
    json: (body: unknown) => (written.body = body),
  };
  const host = {
    switchToHttp: () => ({ getRequest: () => ({ originalUrl: '/v1/journeys' }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
  new ProblemFilter().catch(exception, host);
  return written;
}

describe('ProblemFilter', () => {
  it('answers a database that does not answer with 503 unavailable and Retry-After, not a 500', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const answer = answerTo(refused);
    expect(answer.status).toBe(503);
    expect(answer.headers['Retry-After']).toBe('5');
    expect(answer.body).toMatchObject({ type: '/problems/unavailable', status: 503, instance: '/v1/journeys' });
    expect(JSON.stringify(answer.body)).not.toContain('5432');
  });

  it('still answers a defect with a 500 that reveals nothing', () => {
    const answer = answerTo(new TypeError('cannot read properties of undefined'));
    expect(answer.status).toBe(500);
    expect(answer.body).toMatchObject({ type: '/problems/internal', status: 500 });
  });
});

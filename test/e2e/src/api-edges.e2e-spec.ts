import type { Problem } from '@waymark/http';
import {
  issueCommissionerKey,
  issueKey,
  providerClient,
  RunningService,
  startService,
  testPort,
} from '@waymark/test-support';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { OwnMeasures, ownMeasures } from './gaps/harness';

/**
 * Both public APIs at their edges, as an attacker-style tester met them: requests that are not what the API reads
 * (every error must be a documented problem type, never about:blank), and floods of failed authentications (which
 * must be slowed down per client address, with 429 and Retry-After).
 *
 * journey-api and measures-service run on a database of their own, made for this file, with a low limit of failed
 * authentications so the test is quick; no journey is opened (no worker runs). measures-service's consumer group
 * starts at the end of the journey-events topic.
 */

const PORTS = { api: testPort(3140), measures: testPort(3141) };
const logDir = join(__dirname, '../../../tmp/e2e-logs/api-edges');
const run = randomBytes(3).toString('hex');
const FAILURES_ALLOWED = 5;
const opening = { personRef: 'case-edge', areaCode: 'E05000001', ageBand: '35-49', occurredAt: '2026-01-05T09:00:00Z' };

async function problem(response: Response, status: number, type: string): Promise<Problem> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as Problem;
  expect(body).toMatchObject({ type, status, title: expect.any(String), detail: expect.any(String) });
  return body;
}

describe('the APIs at their edges', () => {
  let own: OwnMeasures;
  let services: RunningService[] = [];
  const apis = {} as Record<'journeys' | 'measures', { url: string; key: string; path: string }>;

  beforeAll(async () => {
    own = await ownMeasures('edges');
    const env = { ...own.env, AUTH_FAILURES_PER_MINUTE: String(FAILURES_ALLOWED) };
    services = await Promise.all([
      startService('journey-api', PORTS.api, env, { logDir }),
      startService('measures-service', PORTS.measures, env, { logDir }),
    ]);
    const [api, measures] = services;
    apis.journeys = {
      url: api?.url ?? '',
      key: issueKey(`e2e-edges-${run}`, { databaseUrl: own.database.url }),
      path: '/v1/journeys',
    };
    apis.measures = {
      url: measures?.url ?? '',
      key: issueCommissionerKey(`e2e-edges-${run}`, { databaseUrl: own.database.url }),
      path: '/v1/measures?from=2026-01-01&to=2026-01-31',
    };
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await own?.database.drop();
    expect(codes).toEqual(services.map(() => 0));
  });

  const send = (url: string, init: RequestInit & { headers?: Record<string, string> } = {}) => fetch(url, init);
  const post = (api: 'journeys' | 'measures', body: string, headers: Record<string, string>) =>
    send(`${apis[api].url}${apis[api].path}`, {
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${apis[api].key}`, 'idempotency-key': randomUUID(), ...headers },
    });

  describe.each(['journeys', 'measures'] as const)('%s: every refusal is a documented problem type', (api) => {
    it('answers truncated JSON with 400 malformed-body', async () => {
      const refused = await post(api, '{"personRef":', { 'content-type': 'application/json' });
      await problem(refused, 400, '/problems/malformed-body');
    });

    it('answers a body that is not JSON with 415 malformed-body, before reading it', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
        const refused = await post(api, JSON.stringify(opening), { 'content-type': contentType });
        await problem(refused, 415, '/problems/malformed-body');
      }
    });

    it('answers a body over 100 kB with 413 malformed-body', async () => {
      const big = JSON.stringify({ ...opening, pad: 'x'.repeat(150_000) });
      await problem(await post(api, big, { 'content-type': 'application/json' }), 413, '/problems/malformed-body');
    });

    it('answers an unknown route or method with 404 unknown-route', async () => {
      const headers = { authorization: `Bearer ${apis[api].key}` };
      for (const [method, path] of [
        ['GET', '/v2/anything'],
        ['GET', '/.env'],
        ['DELETE', apis[api].path],
        ['PUT', apis[api].path],
      ] as const) {
        const refused = await send(`${apis[api].url}${path}`, { method, headers });
        expect((await problem(refused, 404, '/problems/unknown-route')).detail).toContain(method);
      }
    });
  });

  it('answers a path it cannot decode with 400 malformed-request', async () => {
    const refused = await providerClient(apis.journeys.url, apis.journeys.key).get('/v1/journeys/%E0%A4%A');
    await problem(refused, 400, '/problems/malformed-request');
  });

  describe.each(['journeys', 'measures'] as const)('%s: failed authentications per client address', (api) => {
    // Found by an attacker-style tester: 150 requests with a made-up key got 150 answers of 401 and no 429.
    const madeUp =
      api === 'journeys' ? `wmk_${'0'.repeat(16)}_${'A'.repeat(43)}` : `wmc_${'0'.repeat(16)}_${'A'.repeat(43)}`;
    const read = (key?: string) =>
      send(`${apis[api].url}${apis[api].path}`, { headers: key ? { authorization: `Bearer ${key}` } : {} });

    it('answers 401 up to the limit, then 429 with Retry-After, without a key or with any key it has not seen work', async () => {
      expect((await read(apis[api].key)).status).toBe(200); // the valid key works here before the flood
      const statuses: number[] = [];
      for (let i = 0; i < 3 * FAILURES_ALLOWED; i++) statuses.push((await read(madeUp)).status);
      expect(statuses).toEqual([
        ...Array<number>(FAILURES_ALLOWED).fill(401),
        ...Array<number>(2 * FAILURES_ALLOWED).fill(429),
      ]);
      for (const refused of [await read(madeUp), await read()]) {
        const limited = await problem(refused, 429, '/problems/rate-limited');
        expect(limited.detail).toMatch(/failed authentications/);
        const retryAfter = Number(refused.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
      }
    });

    it('still lets in a key that has worked here before, from the same address', async () => {
      expect((await read(apis[api].key)).status).toBe(200);
    });
  });
});

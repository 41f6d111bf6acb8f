import type { Problem } from '@waymark/http';
import {
  commissionerClient,
  issueCommissionerKey,
  issueKey,
  providerClient,
  RunningService,
  startService,
  testPort,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { OwnMeasures, ownMeasures } from './gaps/harness';

/**
 * Providers' and commissioners' credentials are separate: a commissioner key opens nothing in journey-api and a
 * provider key opens nothing in measures-service, though both services share one database (as they do in
 * production) and both keys are real, active, and issued there by ops-cli.
 *
 * The services run on a database of their own, made for this file and dropped afterwards, so measures-service's
 * migrations (projections and commissioner_access) run from scratch at start-up. Its consumer group is new and
 * starts at the end of the journey-events topic: it neither replays the topic nor competes with any other
 * measures-service for its partitions.
 */

const PORTS = { api: testPort(3130), measures: testPort(3131) };
const logDir = join(__dirname, '../../../tmp/e2e-logs/access-separation');
const run = randomBytes(3).toString('hex');

async function unauthorized(response: Response): Promise<Problem> {
  const text = await response.text();
  expect({ status: response.status, body: text }).toMatchObject({ status: 401 });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('www-authenticate')).toBe('Bearer realm="waymark", error="invalid_token"');
  const problem = JSON.parse(text) as Problem;
  expect(problem).toMatchObject({ type: '/problems/unauthorized', status: 401 });
  return problem;
}

describe('providers’ and commissioners’ credentials are kept apart', () => {
  let own: OwnMeasures;
  let services: RunningService[] = [];
  let api: RunningService;
  let measures: RunningService;
  let providerKey: string;
  let commissionerKey: string;
  const measuresPath = '/v1/measures?from=2026-01-01&to=2026-01-31';

  beforeAll(async () => {
    own = await ownMeasures('access');
    services = await Promise.all([
      startService('journey-api', PORTS.api, own.env, { logDir }),
      startService('measures-service', PORTS.measures, own.env, { logDir }),
    ]);
    [api, measures] = services;
    // Both keys in the database both services use, issued as ops would.
    providerKey = issueKey(`e2e-separation-${run}`, { databaseUrl: own.database.url });
    commissionerKey = issueCommissionerKey(`e2e-separation-${run}`, { databaseUrl: own.database.url });
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((s) => s.stop()));
    await own?.database.drop();
    expect(codes).toEqual(services.map(() => 0));
  });

  it('issues each kind of key with its own prefix', () => {
    expect(providerKey).toMatch(/^wmk_[0-9a-f]{16}_/);
    expect(commissionerKey).toMatch(/^wmc_[0-9a-f]{16}_/);
  });

  it('lets each key into its own service', async () => {
    expect((await providerClient(api.url, providerKey).get('/v1/journeys')).status).toBe(200);
    expect((await commissionerClient(measures.url, commissionerKey).get(measuresPath)).status).toBe(200);
  });

  it('refuses a commissioner key in the providers’ API, with a 401 problem and a Bearer challenge', async () => {
    const client = providerClient(api.url, commissionerKey);
    await unauthorized(await client.get('/v1/journeys'));
    await unauthorized(
      await client.post('/v1/journeys', {
        personRef: 'case-separation',
        areaCode: 'E05000001',
        ageBand: '35-49',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
  });

  it('refuses a provider key in the commissioners’ API, with a 401 problem and a Bearer challenge', async () => {
    await unauthorized(await commissionerClient(measures.url, providerKey).get(measuresPath));
  });

  it('asks for a key when there is none', async () => {
    const bare = await fetch(`${measures.url}${measuresPath}`);
    expect(bare.status).toBe(401);
    expect(bare.headers.get('www-authenticate')).toBe('Bearer realm="waymark"');
  });

  it('answers health probes and metrics on the management port only, without a key', async () => {
    for (const service of services) {
      for (const path of ['/health/live', '/health/ready', '/metrics']) {
        expect((await fetch(`${service.url}${path}`)).status).toBe(404);
        expect((await fetch(`${service.managementUrl}${path}`)).status).toBe(200);
      }
    }
  });

  it('built measures-service’s schemas from both sets of migrations at start-up, each with its own record', async () => {
    const db = await new DataSource({ type: 'postgres', url: own.database.url }).initialize();
    try {
      const [{ n: credentialMigrations }] = await db.query(
        'SELECT count(*)::int AS n FROM commissioner_access.migrations',
      );
      const [{ n: projectionMigrations }] = await db.query('SELECT count(*)::int AS n FROM public.migrations');
      expect(credentialMigrations).toBeGreaterThanOrEqual(1);
      expect(projectionMigrations).toBeGreaterThanOrEqual(1);
      const names: { name: string }[] = await db.query('SELECT name FROM public.migrations');
      expect(names.map((m) => m.name)).not.toContain('CommissionerCredentials1764547200000');
    } finally {
      await db.destroy();
    }
  });
});

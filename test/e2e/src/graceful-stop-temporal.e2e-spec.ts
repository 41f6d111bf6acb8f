import {
  commissionerClient,
  eventually,
  issueCommissionerKey,
  startStack,
  stopStackComponent,
} from '@waymark/test-support';
import { waitUntilPublished } from './gaps/harness';
import { answersOf, load, readiness, stopDuring } from './graceful/stopping';
import { GracefulSuite, ServiceName, SHUTDOWN_TIMEOUT_MS } from './graceful/suite';

/**
 * Each service stops cleanly on SIGTERM while the stack's Temporal is stopped (issue 11): readiness says Temporal is
 * down where it decides (journey-api, the worker) and commissioners' reads go on; every request that had started
 * before the signal is answered (journey-api with a 503 problem, never a 500 or a hang); each exits 0 within
 * SHUTDOWN_TIMEOUT_MS. Once Temporal is back and the services restarted, the journeys opened before the outage take
 * commands again, and no refused request opened one.
 */

const readsPath = '/v1/measures?from=2026-01-01&to=2026-01-31';

describe('graceful stop on SIGTERM while Temporal is down', () => {
  const suite = new GracefulSuite('graceful-tp', 3220);
  let commissionerKey: string;

  beforeAll(async () => {
    await suite.setUp();
    commissionerKey = issueCommissionerKey('graceful-tp', { databaseUrl: suite.own.database.url });
    for (let i = 0; i < 3; i++) expect((await suite.openJourney()).status).toBe(201);
    await waitUntilPublished(suite.client, [...suite.journeyIds], 30_000);
  }, 90_000);

  afterAll(() => suite.tearDown(), 60_000); // Temporal is running again, pass or fail

  it('readiness names Temporal, reads go on, and each service answers its requests in flight and exits 0', async () => {
    await stopStackComponent('temporal');
    try {
      const ready = async (name: ServiceName) => readiness(suite.service(name));
      await eventually(
        () => ready('journey-worker'),
        (answer) => answer.status === 503,
      );
      expect(await ready('journey-api')).toMatchObject({
        status: 503,
        body: { checks: { temporal: 'down', postgres: 'up' } },
      });
      expect(await ready('journey-worker')).toMatchObject({ status: 503, body: { checks: { temporal: 'down' } } });
      expect(await ready('measures-service')).toMatchObject({ status: 200, body: { checks: { postgres: 'up' } } });
      const reads = commissionerClient(suite.service('measures-service').url, commissionerKey);
      expect((await reads.get(readsPath)).status).toBe(200);

      const api = await stopDuring(
        () => suite.stop('journey-api'),
        (signal) => load(suite.openJourney, signal),
      );
      const worker = await stopDuring(
        () => suite.stop('journey-worker'),
        (signal) => load(() => reads.get(readsPath), signal),
      );
      for (const result of [api, worker]) {
        expect(result.code).toBe(0);
        expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
        expect(result.unanswered).toEqual([]);
      }
      expect(api.before.length).toBeGreaterThan(0);
      // Refused at once, the load outruns the per-provider rate limit too: a 429 is as good an answer as the 503.
      expect(answersOf(api.before)).toContain('503 application/problem+json; charset=utf-8');
      expect(answersOf(api.before).filter((a) => !/^(503|429) application\/problem\+json/.test(a))).toEqual([]);
      expect(answersOf(worker.before)).toEqual(['200 application/json; charset=utf-8']);
    } finally {
      await startStack();
    }
  }, 90_000);

  it('after Temporal is back and the services restarted, the journeys go on and no refused request opened one', async () => {
    await Promise.all([suite.start('journey-api'), suite.start('journey-worker')]);
    expect(suite.journeyIds.size).toBe(3);
    await eventually(
      () => suite.journeysStarted(),
      (count) => count === suite.journeyIds.size,
    );
    const [journeyId] = suite.journeyIds;
    const contact = await suite.providerApi.post(`/v1/journeys/${journeyId}/contacts`, {
      occurredAt: new Date(Date.now() - 1_800_000).toISOString(),
      channel: 'phone',
      minutesSpent: 10,
      demand: 'value',
      valueKind: 'progress',
    });
    expect(contact.status).toBe(201);
    await waitUntilPublished(suite.client, [...suite.journeyIds], 30_000);
  }, 90_000);
});

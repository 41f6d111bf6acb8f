import { JourneyEvent } from '@waymark/event-contracts';
import {
  eventually,
  issueCommissionerKey,
  journeyEvents,
  publishJourneyEvents,
  startStack,
  stopStackComponent,
} from '@waymark/test-support';
import { randomBytes, randomUUID } from 'node:crypto';
import { caughtUp, metric, waitUntilPublished } from './gaps/harness';
import { answersOf, load, readiness, stopDuring } from './graceful/stopping';
import { GracefulSuite, ServiceName, SHUTDOWN_TIMEOUT_MS } from './graceful/suite';

/**
 * Each service that uses PostgreSQL stops cleanly on SIGTERM while the stack's PostgreSQL is stopped (issue 11):
 * readiness says which dependency is down (the worker, which does not use it, stays ready); every request that had
 * started before the signal is answered with a 503 (a problem, or the dashboard's page), never a 500 or a hang; each
 * exits 0 within SHUTDOWN_TIMEOUT_MS; no journey was started by a request that was refused. Journey events published
 * during the outage wait on Kafka: once PostgreSQL is back and the services restarted, each journey's events are in
 * the projection exactly once, and none was dead-lettered.
 */

describe('graceful stop on SIGTERM while PostgreSQL is down', () => {
  const suite = new GracefulSuite('graceful-pg', 3210);
  const outageEvents: JourneyEvent[] = [];
  let commissionerKey: string;
  const stop = (name: ServiceName) => () => suite.stop(name);

  beforeAll(async () => {
    await suite.setUp();
    commissionerKey = issueCommissionerKey('graceful-pg', { databaseUrl: suite.own.database.url });
    for (let i = 0; i < 3; i++) expect((await suite.openJourney()).status).toBe(201);
  }, 90_000);

  afterAll(() => suite.tearDown(), 60_000); // PostgreSQL is running again, pass or fail

  it('readiness names PostgreSQL, and each service answers its requests in flight with a 503 and exits 0', async () => {
    await waitUntilPublished(suite.client, [...suite.journeyIds], 30_000);
    await stopStackComponent('postgres');
    try {
      // Events published now reach measures-service, which cannot write them: they must wait on Kafka.
      for (let i = 0; i < 3; i++) {
        const j = journeyEvents(randomUUID());
        const at = new Date(Date.now() - 3_600_000).toISOString();
        outageEvents.push(
          j.event('opened', at, { leadProviderId: suite.provider, areaCode: 'E05000001', ageBand: '35-49' }),
          j.event('contact-recorded', at, {
            providerId: suite.provider,
            minutesSpent: 20,
            channel: 'phone',
            demand: 'value',
            valueKind: 'new-need',
          }),
        );
      }
      await publishJourneyEvents(outageEvents);

      const ready = Object.fromEntries(
        await Promise.all([...suite.services].map(async ([name, s]) => [name, await readiness(s)] as const)),
      );
      expect(ready['journey-api']).toMatchObject({
        status: 503,
        body: { checks: { postgres: 'down', temporal: 'up' } },
      });
      expect(ready['measures-service']).toMatchObject({
        status: 503,
        body: { checks: { postgres: 'down' }, details: { consumer: { connected: true } } },
      });
      expect(ready['dashboard']).toMatchObject({ status: 503, body: { checks: { projections: 'down' } } });
      expect(ready['journey-worker']).toMatchObject({ status: 200, body: { checks: { temporal: 'up' } } });
      // measures-service is waiting the outage out, not dead-lettering the events it cannot write.
      const measures = suite.service('measures-service');
      const unavailableTries = 'waymark_measures_failed_tries_total{database="unavailable"}';
      await eventually(
        () => metric(measures.managementUrl, unavailableTries).catch(() => 0), // no line before the first
        (tries) => tries > 0,
      );
      expect(await metric(measures.managementUrl, 'waymark_measures_dead_letters_total')).toBe(0);

      const api = await stopDuring(stop('journey-api'), (signal) => load(suite.openJourney, signal));
      const dashboardUrl = `${suite.service('dashboard').url}/`;
      // A well-formed session token: the dashboard must look it up in PostgreSQL.
      const token = randomBytes(32).toString('base64url');
      const session = `waymark-session=${token}; __Host-waymark-session=${token}`;
      const dashboard = await stopDuring(stop('dashboard'), (signal) =>
        load(() => fetch(dashboardUrl, { headers: { cookie: session }, redirect: 'manual' }), signal),
      );
      const readsUrl = `${measures.url}/v1/measures?from=2026-01-01&to=2026-01-31`;
      const reads = await stopDuring(stop('measures-service'), (signal) =>
        load(() => fetch(readsUrl, { headers: { authorization: `Bearer ${commissionerKey}` } }), signal),
      );

      for (const result of [api, dashboard, reads]) {
        expect(result.code).toBe(0);
        expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
        expect(result.before.length).toBeGreaterThan(0);
        expect(result.unanswered).toEqual([]);
      }
      // Refused at once, the load outruns the per-provider rate limit too: a 429 is as good an answer as the 503.
      expect(answersOf(api.before)).toContain('503 application/problem+json; charset=utf-8');
      expect(answersOf(api.before).filter((a) => !/^(503|429) application\/problem\+json/.test(a))).toEqual([]);
      expect(answersOf(dashboard.before)).toEqual(['503 text/html; charset=utf-8']);
      expect(answersOf(reads.before)).toEqual(['503 application/problem+json; charset=utf-8']);
    } finally {
      await startStack();
    }
  }, 90_000);

  it('after PostgreSQL is back and the services restarted, nothing was lost or doubled', async () => {
    const [measures] = await Promise.all([
      suite.start('measures-service'),
      suite.start('journey-api'),
      suite.start('dashboard'),
    ]);
    // No refused request started a journey: Temporal has only the three opened before the outage.
    expect(suite.journeyIds.size).toBe(3);
    await eventually(
      () => suite.journeysStarted(),
      (count) => count === suite.journeyIds.size,
    );

    await caughtUp(suite.own.group);
    expect(await metric(measures.managementUrl, 'waymark_measures_duplicate_events_total')).toBe(0);
    expect(await metric(measures.managementUrl, 'waymark_measures_dead_letters_total')).toBe(0);
    const applied = await suite.appliedSeqs();
    // Only this file's journeys: the worker may still be publishing journeys an earlier suite left waiting.
    const ours = new Set([...suite.journeyIds, ...outageEvents.map((e) => e.subject)]);
    for (const id of applied.keys()) if (!ours.has(id)) applied.delete(id);
    const lastOnTopic = await suite.lastSeqsOnTopic(ours);
    expect(lastOnTopic.size).toBe(ours.size);
    expect(applied).toEqual(lastOnTopic);
  }, 90_000);
});

import { eventually, killBroker } from '@waymark/test-support';
import { caughtUp, metric, waitUntilPublished } from './gaps/harness';
import { load, Outcome, readiness, stopDuring as stopRunning } from './graceful/stopping';
import { GracefulSuite, ServiceName, SHUTDOWN_TIMEOUT_MS } from './graceful/suite';

/**
 * Each service stops cleanly on SIGTERM in the middle of load (issue 11): every request that had started before the
 * signal is answered (no connection reset), the process exits 0 within SHUTDOWN_TIMEOUT_MS, measures-service's offsets
 * are committed (after a restart no event is applied twice or skipped), and the worker drains (every journey publishes
 * all its events). Then, with the Kafka broker down, measures-service and the worker stay ready (reads and journeys go
 * on; their health details say Kafka is away) and still exit within the grace period.
 */

describe('graceful stop on SIGTERM', () => {
  const suite = new GracefulSuite('graceful', 3180);
  const openJourneys = (stop: AbortSignal) => load(suite.openJourney, stop);

  /** SIGTERM to `name` while `during` sends requests. */
  const stopDuring = (name: ServiceName, during: (stop: AbortSignal) => Promise<Outcome[]>) =>
    stopRunning(() => suite.stop(name), during);

  beforeAll(() => suite.setUp(), 90_000);
  afterAll(() => suite.tearDown(), 60_000); // the broker is running again, pass or fail

  it('journey-api answers the requests in flight and exits 0', async () => {
    const result = await stopDuring('journey-api', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(result.inFlight.length).toBeGreaterThan(0); // the signal did come in the middle of requests
    expect(result.unanswered).toEqual([]);
    await suite.start('journey-api');
  }, 60_000);

  it('the dashboard answers the requests in flight and exits 0', async () => {
    const url = `${suite.service('dashboard').url}/sign-in`;
    const result = await stopDuring('dashboard', (stop) => load(() => fetch(url), stop));
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(result.before.length).toBeGreaterThan(0);
    expect(result.unanswered).toEqual([]);
    await suite.start('dashboard');
  }, 60_000);

  it('measures-service commits its offsets: after a restart no event is applied twice or skipped', async () => {
    const result = await stopDuring('measures-service', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    const measures = await suite.start('measures-service');
    await waitUntilPublished(suite.client, [...suite.journeyIds], 30_000);
    await caughtUp(suite.own.group);
    expect(await metric(measures.managementUrl, 'waymark_measures_duplicate_events_total')).toBe(0);
    const applied = await suite.appliedSeqs();
    // Each journey's last seq on the topic is the last one applied (a gap would be held, not applied past). Some
    // journeys were opened by requests whose answer was not a 201, so the projection's own ids count too.
    expect(applied).toEqual(await suite.lastSeqsOnTopic(new Set([...suite.journeyIds, ...applied.keys()])));
  }, 90_000);

  it('journey-worker drains: every journey publishes all its events after a restart', async () => {
    const result = await stopDuring('journey-worker', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    await suite.start('journey-worker');
    const seqs = await waitUntilPublished(suite.client, [...suite.journeyIds], 30_000);
    expect([...seqs.values()].every((seq) => seq >= 1)).toBe(true);
  }, 90_000);

  it('measures-service and journey-worker exit 0 within the grace period while Kafka is down', async () => {
    await killBroker();
    // A journey opened now leaves the worker publishing its first event to a broker that is not there.
    const opened = await suite.openJourney();
    expect(opened.status).toBe(201);
    // Neither is taken out of service for it: the details (and the consumer's metric) say what is away.
    const measures = suite.service('measures-service');
    const disconnected = await eventually(
      () => readiness(measures),
      (answer) => answer.status !== 200 || answer.body.details?.['consumer']?.['connected'] === false,
    );
    expect(disconnected).toMatchObject({ status: 200, body: { checks: { postgres: 'up' } } });
    await eventually(
      () => metric(measures.managementUrl, 'waymark_measures_consumer_connected'),
      (up) => up === 0,
    );
    expect(await readiness(suite.service('journey-worker'))).toMatchObject({
      status: 200,
      body: { checks: { temporal: 'up' }, details: { kafka: { reachable: false } } },
    });
    const stops = (['measures-service', 'journey-worker'] as const).map(async (name) => {
      const signalledAt = performance.now();
      const code = await suite.stop(name);
      return { name, code, withinGrace: performance.now() - signalledAt < SHUTDOWN_TIMEOUT_MS };
    });
    expect(await Promise.all(stops)).toEqual([
      { name: 'measures-service', code: 0, withinGrace: true },
      { name: 'journey-worker', code: 0, withinGrace: true },
    ]);
  }, 60_000);
});

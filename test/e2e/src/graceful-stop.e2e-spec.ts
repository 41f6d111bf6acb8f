import type { Client } from '@temporalio/client';
import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import { measuresDataSourceOptions } from '@waymark/measures-store';
import {
  ensureTemporalNamespace,
  eventually,
  issueKey,
  journeyEventsTopicEnd,
  killBroker,
  providerClient,
  RunningService,
  startService,
  startStack,
  testPort,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { caughtUp, metric, OwnMeasures, ownMeasures, temporalClient, waitUntilPublished } from './gaps/harness';
import { load, Outcome, readiness, stopDuring as stopRunning } from './graceful/stopping';
import { readEvents } from './measures-check/pipeline';

/**
 * Each service stops cleanly on SIGTERM in the middle of load (issue 11): every request that had started before the
 * signal is answered (no connection reset), the process exits 0 within SHUTDOWN_TIMEOUT_MS, measures-service's offsets
 * are committed (after a restart no event is applied twice or skipped), and the worker drains (every journey publishes
 * all its events). Then, with the Kafka broker down, measures-service and the worker stay ready (reads and journeys go
 * on; their health details say Kafka is away) and still exit within the grace period.
 */

const NAMESPACE = 'waymark-e2e-graceful';
const SHUTDOWN_TIMEOUT_MS = 10_000;
const PORTS = { api: testPort(3180), measures: testPort(3181), worker: testPort(3182), dashboard: testPort(3183) };
const logDir = join(__dirname, '../../../tmp/e2e-logs/graceful-stop');
const run = randomBytes(3).toString('hex');
const PROVIDER = `graceful-${run}`;

describe('graceful stop on SIGTERM', () => {
  const services = new Map<string, RunningService>();
  const env = { TEMPORAL_NAMESPACE: NAMESPACE, SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS) };
  const journeyIds = new Set<string>();
  let own: OwnMeasures;
  let client: Client;
  let provider: ReturnType<typeof providerClient>;
  let startOffsets: Map<number, bigint>;

  const start = async (name: string, port: number) => {
    const extra = name === 'measures-service' || name === 'dashboard' ? own.env : {};
    const service = await startService(name, port, { ...env, ...extra }, { logDir });
    services.set(name, service);
    return service;
  };
  const service = (name: string) => services.get(name) as RunningService;

  /** Opens a journey through the API, keeping its id if it was opened. */
  const openJourney = async () => {
    const response = await provider.post('/v1/journeys', {
      personRef: `graceful-${randomBytes(4).toString('hex')}`,
      areaCode: 'E05000001',
      ageBand: '35-49',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    if (response.status === 201) journeyIds.add(((await response.clone().json()) as { journeyId: string }).journeyId);
    return response;
  };
  const openJourneys = (stop: AbortSignal) => load(openJourney, stop);

  /** SIGTERM to `name` while `during` sends requests. */
  const stopDuring = async (name: string, during: (stop: AbortSignal) => Promise<Outcome[]>) => {
    const result = await stopRunning(() => service(name).stop(), during);
    services.delete(name);
    return result;
  };

  beforeAll(async () => {
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    client = await temporalClient(NAMESPACE);
    own = await ownMeasures('graceful');
    startOffsets = await journeyEventsTopicEnd();
    const key = issueKey(PROVIDER);
    await Promise.all([
      start('measures-service', PORTS.measures),
      start('journey-worker', PORTS.worker),
      start('journey-api', PORTS.api),
      start('dashboard', PORTS.dashboard),
    ]);
    provider = providerClient(service('journey-api').url, key);
  }, 90_000);

  afterAll(async () => {
    await startStack(); // the broker is running again, pass or fail
    await Promise.all([...services.values()].map((s) => s.stop()));
    await client?.connection.close();
    await own?.database.drop();
  }, 60_000);

  it('journey-api answers the requests in flight and exits 0', async () => {
    const result = await stopDuring('journey-api', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(result.inFlight.length).toBeGreaterThan(0); // the signal did come in the middle of requests
    expect(result.unanswered).toEqual([]);
    await start('journey-api', PORTS.api);
  }, 60_000);

  it('the dashboard answers the requests in flight and exits 0', async () => {
    const url = `${service('dashboard').url}/sign-in`;
    const result = await stopDuring('dashboard', (stop) => load(() => fetch(url), stop));
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(result.before.length).toBeGreaterThan(0);
    expect(result.unanswered).toEqual([]);
    await start('dashboard', PORTS.dashboard);
  }, 60_000);

  it('measures-service commits its offsets: after a restart no event is applied twice or skipped', async () => {
    const result = await stopDuring('measures-service', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    const measures = await start('measures-service', PORTS.measures);
    await waitUntilPublished(client, [...journeyIds], 30_000);
    await caughtUp(own.group);
    expect(await metric(measures.managementUrl, 'waymark_measures_duplicate_events_total')).toBe(0);
    const db = await new DataSource(measuresDataSourceOptions(own.database.url)).initialize();
    let applied: Map<string, number>;
    try {
      const rows: { id: string; seq: number }[] = await db.query(
        `SELECT journey_id AS id, (facts->>'seq')::int AS seq FROM journey_facts`,
      );
      applied = new Map(rows.map((r) => [r.id, r.seq]));
    } finally {
      await db.destroy();
    }
    // Each journey's last seq on the topic is the last one applied (a gap would be held, not applied past). Some
    // journeys were opened by requests whose answer was not a 201, so the projection's own ids count too.
    const lastOnTopic = new Map<string, number>();
    for (const e of await readEvents(startOffsets, new Set([...journeyIds, ...applied.keys()]))) {
      lastOnTopic.set(e.subject, Math.max(e.seq, lastOnTopic.get(e.subject) ?? 0));
    }
    expect(applied).toEqual(lastOnTopic);
  }, 90_000);

  it('journey-worker drains: every journey publishes all its events after a restart', async () => {
    const result = await stopDuring('journey-worker', openJourneys);
    expect(result.code).toBe(0);
    expect(result.tookMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    await start('journey-worker', PORTS.worker);
    const seqs = await waitUntilPublished(client, [...journeyIds], 30_000);
    expect([...seqs.values()].every((seq) => seq >= 1)).toBe(true);
  }, 90_000);

  it('measures-service and journey-worker exit 0 within the grace period while Kafka is down', async () => {
    await killBroker();
    // A journey opened now leaves the worker publishing its first event to a broker that is not there.
    const opened = await openJourney();
    expect(opened.status).toBe(201);
    // Neither is taken out of service for it: the details (and the consumer's metric) say what is away.
    const measures = service('measures-service');
    const disconnected = await eventually(
      () => readiness(measures),
      (answer) => answer.status !== 200 || answer.body.details?.['consumer']?.['connected'] === false,
    );
    expect(disconnected).toMatchObject({ status: 200, body: { checks: { postgres: 'up' } } });
    await eventually(
      () => metric(measures.managementUrl, 'waymark_measures_consumer_connected'),
      (up) => up === 0,
    );
    expect(await readiness(service('journey-worker'))).toMatchObject({
      status: 200,
      body: { checks: { temporal: 'up' }, details: { kafka: { reachable: false } } },
    });
    const stops = ['measures-service', 'journey-worker'].map(async (name) => {
      const signalledAt = performance.now();
      const code = await service(name).stop();
      services.delete(name);
      return { name, code, withinGrace: performance.now() - signalledAt < SHUTDOWN_TIMEOUT_MS };
    });
    expect(await Promise.all(stops)).toEqual([
      { name: 'measures-service', code: 0, withinGrace: true },
      { name: 'journey-worker', code: 0, withinGrace: true },
    ]);
  }, 60_000);
});

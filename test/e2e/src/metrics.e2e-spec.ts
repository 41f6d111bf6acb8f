import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import {
  commissionerClient,
  eventually,
  issueCommissionerKey,
  issueKey,
  json,
  providerClient,
  RunningService,
  startConsumerGroupAtEnd,
  startService,
  testPort,
} from '@waymark/test-support';
import { join } from 'node:path';

/**
 * Every service's management /metrics after some traffic on the real stack: request latency by route template and
 * status, journey commands by result, pool gauges, consumer lag per partition and the Temporal SDK's runtime
 * metrics — and no journey id or key in any label.
 */
describe('metrics on every management port', () => {
  const run = Date.now().toString(36);
  const logDir = join(__dirname, '../../../tmp/e2e-logs/metrics');
  const group = `e2e-metrics-${run}`;
  let services: RunningService[] = [];
  let [api, worker, measures, dashboard] = [] as RunningService[];
  let apiKey = '';
  let commissionerKey = '';
  let journeyId = '';
  let refusedProblem = '';

  const scrape = async (service: RunningService) => {
    const response = await fetch(`${service.managementUrl}/metrics`);
    expect(response.status).toBe(200);
    return response.text();
  };
  /** The value of one series, by its exact labels as prom-client writes them. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  beforeAll(async () => {
    await startConsumerGroupAtEnd(group);
    services = await Promise.all([
      startService('journey-api', testPort(3300), {}, { logDir }),
      startService('journey-worker', testPort(3302), {}, { logDir }),
      startService('measures-service', testPort(3301), { MEASURES_CONSUMER_GROUP: group }, { logDir }),
      startService('dashboard', testPort(3303), {}, { logDir }),
    ]);
    [api, worker, measures, dashboard] = services;
    apiKey = issueKey('council-housing');
    commissionerKey = issueCommissionerKey(`e2e-metrics-${run}`);

    const provider = providerClient(api.url, apiKey);
    const opened = await provider.post('/v1/journeys', {
      personRef: `case-metrics-${run}`,
      areaCode: `E2E-M-${run.toUpperCase()}`,
      ageBand: '35-49',
      occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    expect(opened.status).toBe(201);
    journeyId = (await json<{ journeyId: string }>(opened)).journeyId;
    const at = new Date(Date.now() - 1_800_000).toISOString();
    expect((await provider.get(`/v1/journeys/${journeyId}`)).status).toBe(200);
    expect(
      (await provider.post(`/v1/journeys/${journeyId}/progress-ratings`, { occurredAt: at, rating: 11 })).status,
    ).toBe(400);
    const refused = await provider.post(`/v1/journeys/${journeyId}/hand-off-acceptances`, {
      occurredAt: at,
      handOffId: 'handoff-99',
    });
    expect(refused.status).toBe(409); // no such hand-off: refused by the journey, not by the body's validation
    refusedProblem = (await json<{ type: string }>(refused)).type.replace('/problems/', '');

    const commissioner = commissionerClient(measures.url, commissionerKey);
    expect((await commissioner.get('/v1/measures?from=2026-01-01&to=2026-01-31')).status).toBe(200);
    expect((await fetch(`${dashboard.url}/sign-in`)).status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    expect(await Promise.all(services.map((s) => s.stop()))).toEqual(services.map(() => 0));
  });

  it('times journey-api requests by route template and status, and counts commands by type and result', async () => {
    const text = await scrape(api);
    const duration = 'waymark_http_request_duration_seconds_count';
    expect(sample(text, `${duration}{method="POST",route="/v1/journeys",status="201"}`)).toBe(1);
    expect(sample(text, `${duration}{method="GET",route="/v1/journeys/:journeyId",status="200"}`)).toBe(1);
    expect(sample(text, `${duration}{method="POST",route="/v1/journeys/:journeyId/:route",status="400"}`)).toBe(1);
    const commands = 'waymark_journey_commands_total';
    expect(sample(text, `${commands}{type="open-journey",result="accepted",problem=""}`)).toBe(1);
    expect(sample(text, `${commands}{type="rate-progress",result="refused",problem="validation"}`)).toBe(1);
    expect(sample(text, `${commands}{type="accept-hand-off",result="refused",problem="${refusedProblem}"}`)).toBe(1);
    expect(text).toMatch(/^waymark_db_pool_max_connections\{pool="[a-z_-]+"\} \d+$/m);
  });

  it("exports the Temporal SDK's worker and activity metrics through the worker's management port", async () => {
    // The SDK exports on an interval: the opened journey's publication (a local activity) shows up within seconds.
    const text = await eventually(
      () => scrape(worker),
      (t) => /^temporal_local_activity_execution_latency_seconds_count\{/m.test(t),
    );
    expect(text).toMatch(/^temporal_worker_task_slots_available\{.*task_queue="journeys".*\} \d+/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m); // the worker's own process metrics too
  });

  it('reports measures-service requests, consumer lag per partition, freshness and pools', async () => {
    const text = await scrape(measures);
    expect(
      sample(text, 'waymark_http_request_duration_seconds_count{method="GET",route="/v1/measures",status="200"}'),
    ).toBe(1);
    expect(text).toMatch(/^waymark_measures_consumer_lag_messages\{partition="0"\} \d+$/m);
    expect(text).toMatch(/^# TYPE waymark_measures_projection_lag_seconds histogram$/m);
    expect(text).toMatch(/^waymark_measures_held_journeys \d+$/m);
    expect(text).toMatch(/^waymark_db_pool_connections\{pool="default",state="in_use"\} \d+$/m);
    expect(text).toMatch(/^waymark_db_pool_waiting_requests\{pool="measures-reads"\} \d+$/m);
  });

  it('times dashboard pages by route', async () => {
    const text = await scrape(dashboard);
    expect(
      sample(text, 'waymark_http_request_duration_seconds_count{method="GET",route="/sign-in",status="200"}'),
    ).toBe(1);
  });

  it('puts no journey id, key or topic offset detail in any label', async () => {
    for (const service of services) {
      const text = await scrape(service);
      expect(text).not.toContain(journeyId);
      expect(text).not.toContain(apiKey);
      expect(text).not.toContain(commissionerKey);
      expect(text).not.toContain(JOURNEY_EVENTS_TOPIC); // lag is labelled by partition only
    }
  });
});

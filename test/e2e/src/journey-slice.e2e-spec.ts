import { JOURNEY_EVENTS_DLQ_TOPIC, JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import { measuresDataSourceOptions, MeasuresQueries } from '@waymark/measures-store';
import {
  commissionerClient,
  eventually,
  findMessage,
  hasConsumed,
  issueCommissionerKey,
  issueKey,
  journeyEvents,
  json,
  produceRaw,
  providerClient,
  RunningService,
  startService,
  temporalHistoryText,
  testPort,
} from '@waymark/test-support';
import { DataSource } from 'typeorm';

/**
 * The walking skeleton across the real stack: provider API → Temporal workflow →
 * Kafka → measures projection in PostgreSQL → commissioner summary.
 */
describe('one journey, end to end', () => {
  let services: RunningService[] = [];
  let api: RunningService;
  let measures: RunningService;

  let commissioner: ReturnType<typeof commissionerClient>;
  let dataSource: DataSource;
  // Journeys of this run have an area of their own, so other suites' journeys do not move the count.
  const areaCode = `E2E-${Date.now().toString(36).toUpperCase()}`;
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  /**
   * Journeys opened in this run's area, exactly, as the projections hold them: the commissioners' API never shows a
   * count this small (it is withheld, below).
   */
  const summary = async () => {
    const periods = await new MeasuresQueries(dataSource).periods({
      from: day(-2),
      to: day(1),
      area: areaCode,
      groupBy: 'none',
    });
    const activity = periods.periods.get(day(-2))?.activity ?? {};
    return { journeysOpened: activity['opened'] ?? 0, contacts: activity['contact'] ?? 0 };
  };
  /** The commissioner's view of this month in the run's area. */
  const commissionerView = async () => {
    const now = new Date();
    const month = (m: number) => new Date(Date.UTC(now.getUTCFullYear(), m, 1)).toISOString().slice(0, 10);
    const last = new Date(Date.parse(month(now.getUTCMonth() + 1)) - 86_400_000).toISOString().slice(0, 10);
    const response = await commissioner.get(
      `/v1/measures?from=${month(now.getUTCMonth())}&to=${last}&area=${areaCode}`,
    );
    expect(response.status).toBe(200);
    return (await json<{ periods: { figures: Record<string, unknown> }[] }>(response)).periods[0].figures;
  };
  let provider: ReturnType<typeof providerClient>;
  const openJourney = (body: unknown) => provider.post('/v1/journeys', body);
  const validJourney = {
    personRef: 'case-e2e-1',
    areaCode,
    ageBand: '35-49',
    occurredAt: new Date(Date.now() - 3_600_000).toISOString(), // recent, so it is not stalled at once
  };

  beforeAll(async () => {
    services = await Promise.all([
      startService('measures-service', testPort(3101), { DISCLOSURE_THRESHOLD: '1' }),
      startService('journey-worker', testPort(3102)),
      startService('journey-api', testPort(3100)),
    ]);
    [measures, , api] = services;
    dataSource = await new DataSource(measuresDataSourceOptions(process.env['DATABASE_URL'] ?? '')).initialize();
    provider = providerClient(api.url, issueKey('council-housing'));
    commissioner = commissionerClient(measures.url, issueCommissionerKey('e2e-commissioner'));
  });

  afterAll(async () => {
    await dataSource?.destroy();
    const codes = await Promise.all(services.map((s) => s.stop()));
    expect(codes).toEqual([0, 0, 0]); // every service ran its shutdown hooks and exited cleanly on SIGTERM
  });

  it('reports every service ready, naming what it checked', async () => {
    const ready = await (await fetch(`${measures.managementUrl}/health/ready`)).json();
    expect(ready).toMatchObject({
      status: 'ok',
      checks: { postgres: 'up' },
      details: { consumer: { connected: true } },
    });
  });

  it('counts an opened journey, and counts a redelivered event once', async () => {
    const before = (await summary()).journeysOpened;

    const response = await openJourney(validJourney);
    expect(response.status).toBe(201);
    const opened = await json<{ journeyId: string }>(response);
    expect(response.headers.get('location')).toBe(`/v1/journeys/${opened.journeyId}`);
    expect(opened).toMatchObject({
      status: 'open',
      leadProviderId: 'council-housing',
    });

    await eventually(summary, (s) => s.journeysOpened === before + 1);
    // A commissioner sees that a handful of journeys opened in the area only as withheld.
    expect((await commissionerView())['volume.journeys_opened']).toEqual({
      suppressed: true,
      reason: 'count-below-threshold',
    });

    const message = await findMessage(JOURNEY_EVENTS_TOPIC, (m) => m.key?.toString() === opened.journeyId);
    const value = String(message.value);
    expect(JSON.parse(value)).toMatchObject({
      specversion: '1.0',
      type: 'waymark.journey.opened.v1',
      id: `${opened.journeyId}:1`,
      subject: opened.journeyId,
      seq: 1,
      time: validJourney.occurredAt,
    });
    expect(value).not.toContain('case-e2e-1'); // the person reference never leaves the workflow

    // Temporal itself holds the workflow's payloads only encrypted.
    const history = await temporalHistoryText(`journey-${opened.journeyId}`);
    expect(history).toContain('binary/encrypted');
    expect(history).not.toContain('case-e2e-1');

    // Deliver the very same event twice more, wait until the consumer has committed past them.
    const sent = await produceRaw(opened.journeyId, [value, value]);
    await eventually(() => hasConsumed('measures-service', sent), Boolean);
    expect((await summary()).journeysOpened).toBe(before + 1);
  });

  it('refuses a malformed journey with a problem response naming each field, and starts nothing', async () => {
    const before = (await summary()).journeysOpened;
    const response = await openJourney({
      ...validJourney,
      personRef: 'Jane Smith',
      ageBand: 'old',
      extra: 1,
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const problem = await json<{ errors: { field: string }[] }>(response);
    expect(problem).toMatchObject({
      status: 400,
      type: '/problems/validation',
      instance: '/v1/journeys',
    });
    expect(problem.errors.map((e) => e.field).sort()).toEqual(['ageBand', 'extra', 'personRef']);

    const future = await openJourney({
      ...validJourney,
      occurredAt: '2999-01-01T00:00:00Z',
    });
    expect(future.status).toBe(422);
    expect(await future.json()).toMatchObject({
      rule: 'occurred-at-in-future',
    });

    const notJson = await provider.post('/v1/journeys', '{"personRef":');
    expect(notJson.status).toBe(400);
    expect(notJson.headers.get('content-type')).toContain('application/problem+json');

    // Give any wrongly started journey time to arrive before checking nothing was counted.
    const probe = await openJourney({
      ...validJourney,
      personRef: 'case-e2e-probe',
    });
    expect(probe.status).toBe(201);
    await eventually(summary, (s) => s.journeysOpened === before + 1);
  });

  it('dead-letters an event that breaks the contract and keeps consuming', async () => {
    const bad = JSON.stringify({
      specversion: '1.0',
      type: 'waymark.journey.opened.v1',
      id: 'not-an-id',
    });
    const sent = await produceRaw('e2e-bad-event', [bad]);
    await eventually(() => hasConsumed('measures-service', sent), Boolean);
    const dead = await findMessage(JOURNEY_EVENTS_DLQ_TOPIC, (m) => m.key?.toString() === 'e2e-bad-event');
    expect(dead.headers?.['dlq-reason']?.toString()).toContain('subject');
    const metrics = await (await fetch(`${measures.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/^waymark_measures_dead_letters_total [1-9]\d*$/m);

    const before = (await summary()).journeysOpened;
    expect((await openJourney(validJourney)).status).toBe(201);
    await eventually(summary, (s) => s.journeysOpened === before + 1);
  });

  it('holds a valid event whose journey has not opened yet, and counts it once the opened event arrives', async () => {
    const early = journeyEvents();
    const at = new Date().toISOString();
    const opened = early.event('opened', at, { leadProviderId: 'council-housing', areaCode, ageBand: '25-34' });
    const contact = early.event('contact-recorded', at, {
      providerId: 'council-housing',
      channel: 'phone',
      minutesSpent: 10,
      demand: 'value',
      valueKind: 'new-need',
    });
    const before = await summary();
    const first = await produceRaw(early.journeyId, [JSON.stringify(contact)]);
    await eventually(() => hasConsumed('measures-service', first), Boolean);
    const metrics = await (await fetch(`${measures.managementUrl}/metrics`)).text();
    expect(metrics).toMatch(/^waymark_measures_held_events_total [1-9]\d*$/m);
    expect(metrics).toMatch(/^waymark_measures_held_journeys [1-9]\d*$/m);
    expect(await summary()).toEqual(before); // held, not counted and not dead-lettered

    const late = await produceRaw(early.journeyId, [JSON.stringify(opened)]);
    await eventually(() => hasConsumed('measures-service', late), Boolean);
    await eventually(
      summary,
      (s) => s.journeysOpened === before.journeysOpened + 1 && s.contacts === before.contacts + 1,
    );
  });
});

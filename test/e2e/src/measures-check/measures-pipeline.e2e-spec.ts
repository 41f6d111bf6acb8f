import { JourneyEvent } from '@waymark/event-contracts';
import { PROVIDERS_KEY, STATUS_KEY } from '@waymark/journey-workflows';
import { CostRates, measuresDataSourceOptions } from '@waymark/measures-store';
import {
  commissionerClient,
  ensureTemporalNamespace,
  issueCommissionerKey,
  issueKey,
  journeyEventsTopicEnd,
  providerClient,
  RunningService,
  sleep,
  startService,
  testPort,
} from '@waymark/test-support';
import fc from 'fast-check';
import { randomBytes, randomInt } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { chartJourneySeed, JourneyPlan, journeyPlans } from './journey-generator';
import {
  addDays,
  ChartAsked,
  ChartFilter,
  eventsByJourney,
  FIGURE_IDS,
  Figure,
  GroupBy,
  localDate,
  MeasuresBody,
  MeasuresFilter,
  referenceMeasures,
  referenceXmrByClosureGroup,
  referenceXmrByWeek,
  ReferenceSettings,
  weekMonday,
  XmrByClosureGroup,
  XmrByWeek,
} from './reference-measures';
import { bodyOf, canonical, differences, inPool, ProviderPace, pushJourney, readEvents, same } from './pipeline';

/**
 * Proving the figures (issue 4): random but valid journeys, generated with fast-check, go through the real pipeline —
 * the providers' API, the journey workflows on Temporal, the events on Kafka, the projections in PostgreSQL — and
 * every figure the commissioners' API publishes for them is compared with the reference recomputation
 * (./reference-measures.ts) from the raw events read back from Kafka. They must agree exactly.
 *
 * Everything is the run's own: five fresh provider ids, one fresh area (every figure asked for is filtered by it, so
 * other suites' journeys on the shared topic and database never count), a Temporal namespace of the suite's own.
 * One random sample per run; its seed is printed, and MEASURES_CHECK_SEED=<seed> replays the same journeys (their
 * dates are relative to the time of the run). MEASURES_CHECK_DUMP=<file> writes the run's raw events there.
 */

const NAMESPACE = 'waymark-e2e-measures';
const PORTS = { api: testPort(3140), measures: testPort(3141), worker: testPort(3142) };
const logDir = join(__dirname, '../../../../tmp/e2e-logs/measures-check');
const TIME_ZONE = 'Europe/London';
/** Lower than the default 5 so that counts are shown from 5 rather than 10 (and compared as values) on ~80 journeys. */
const THRESHOLD = 3;
const JOURNEYS = 80;
/** Simple journeys sustained in one stretch, so the XmR charts have points enough for limits and rules. */
const CHART_JOURNEYS = 50;
const SEED = process.env['MEASURES_CHECK_SEED'] ? Number(process.env['MEASURES_CHECK_SEED']) : randomInt(2 ** 31);

const run = randomBytes(3).toString('hex');
const PROVIDERS = ['a', 'b', 'c', 'd', 'e'].map((suffix) => `chk-${run}-${suffix}`);
const [A, B, C, D, E] = PROVIDERS as [string, string, string, string, string];
const AREA = `CHK-${run.toUpperCase()}`;
/** Hourly rates set before the first comparison; E has none until the last test, so some costs are unavailable. */
const RATES: Record<string, string> = { [A]: '42.50', [B]: '38.00', [C]: '55.25', [D]: '29.99' };
const LATE_RATE = { provider: E, rate: '61.10' };

const env = {
  TEMPORAL_NAMESPACE: NAMESPACE,
  JOURNEY_STALL_DAYS: '28',
  JOURNEY_FOLLOW_UP_DAYS: '90',
  DISCLOSURE_THRESHOLD: String(THRESHOLD),
  MEASURES_TIME_ZONE: TIME_ZONE,
};

/** Parses the CSV form: a header row, then one row per period and figure (RFC 4180 quoting allowed). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** The CSV rows the reference body stands for: `period_start,period_end,provider,area,measure,value,status`. */
function csvRowsOf(body: MeasuresBody): string[][] {
  return body.periods.flatMap((period) =>
    FIGURE_IDS.map((id) => {
      const figure = period.figures[id] as Figure;
      const [value, status] =
        'value' in figure
          ? [String(figure.value), 'shown']
          : 'suppressed' in figure
            ? ['', `suppressed:${figure.reason}`]
            : ['', `unavailable:${figure.reason}`];
      return [period.start, period.end, body.filter.provider ?? '', body.filter.area ?? '', id, value, status];
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------

describe('every published figure agrees with an independent recomputation from the raw events', () => {
  const services: RunningService[] = [];
  let commissioner: ReturnType<typeof commissionerClient>;
  let plans: JourneyPlan[] = [];
  let journeyIds: string[] = [];
  let events: JourneyEvent[] = [];
  const rates: Record<string, number> = {};
  const settings = (): ReferenceSettings => ({ costRates: rates, disclosureThreshold: THRESHOLD, timeZone: TIME_ZONE });

  // Figures are published for whole weeks and whole months only (decision 0013).
  const today = localDate(Date.now(), TIME_ZONE);
  const monthStart = (date: string) => `${date.slice(0, 8)}01`;
  const monthEnd = (date: string) => addDays(monthStart(addDays(monthStart(date), 32)), -1);
  const whole = { from: monthStart(addDays(today, -370)), to: monthEnd(today), area: AREA };
  const wholeWeeks = { from: weekMonday(whole.from), to: addDays(weekMonday(today), 6), area: AREA };
  /** Whole weeks that start and end mid-month, and whole months within the run. */
  const part = { from: weekMonday(addDays(today, -171)), to: addDays(weekMonday(addDays(today, -45)), 6), area: AREA };
  const partMonths = { from: monthStart(addDays(today, -171)), to: monthEnd(addDays(today, -45)), area: AREA };

  async function setRate(provider: string, rate: string): Promise<void> {
    const dataSource = await new DataSource(measuresDataSourceOptions(process.env['DATABASE_URL'] ?? '')).initialize();
    try {
      await new CostRates(dataSource).set(provider, rate);
      rates[provider] = Number(rate);
    } finally {
      await dataSource.destroy();
    }
  }

  async function get(path: string): Promise<Response> {
    const response = await commissioner.get(path);
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }

  const query = (params: Record<string, string | number | null | undefined>) =>
    new URLSearchParams(
      Object.entries(params).flatMap(([k, v]): [string, string][] =>
        v === null || v === undefined ? [] : [[k, String(v)]],
      ),
    ).toString();

  /**
   * Polls the API until it publishes what the reference computes, for at most 15 s (the projections have caught up
   * before the first test, but a cost-rate change is read afresh); the differences left, if any, are the failure.
   */
  async function expectAgreement(filter: MeasuresFilter): Promise<void> {
    const expected = referenceMeasures(events, filter, settings());
    const path = `/v1/measures?${query({ ...filter })}`;
    const deadline = Date.now() + 15_000;
    let diff: string[] = [];
    do {
      const actual = (await bodyOf(await get(path))) as MeasuresBody;
      diff = differences(expected, actual);
      if (diff.length === 0) break;
      await sleep(1_000);
    } while (Date.now() < deadline);
    expect({ path, differences: diff }).toEqual({ path, differences: [] });
    for (const period of expected.periods) {
      for (const figure of Object.values(period.figures)) {
        const kind = 'value' in figure ? 'shown' : 'suppressed' in figure ? 'suppressed' : 'unavailable';
        compared[kind] += 1;
      }
    }
  }
  /** How many figures the agreeing comparisons covered, by kind: a check of only suppressed figures proves little. */
  const compared = { shown: 0, suppressed: 0, unavailable: 0 };
  /** When the plans were made: their `now`. */
  let startedAt = 0;

  beforeAll(async () => {
    console.log(`measures check: seed ${SEED} (MEASURES_CHECK_SEED=${SEED} replays it), run ${run}, area ${AREA}`);
    await ensureTemporalNamespace(NAMESPACE, { [PROVIDERS_KEY.name]: 'KeywordList', [STATUS_KEY.name]: 'Keyword' });
    // Keys first: issuing blocks this process (see providers-api.e2e-spec.ts).
    const keys = Object.fromEntries(PROVIDERS.map((p) => [p, issueKey(p)]));
    commissioner = commissionerClient(`http://127.0.0.1:${PORTS.measures}`, issueCommissionerKey(`chk-${run}`));

    const started = await Promise.allSettled([
      startService('measures-service', PORTS.measures, env, { logDir }),
      startService('journey-worker', PORTS.worker, env, { logDir }),
      startService('journey-api', PORTS.api, env, { logDir }),
    ]);
    for (const s of started) if (s.status === 'fulfilled') services.push(s.value);
    for (const s of started) if (s.status === 'rejected') throw s.reason;
    const api = (started[2] as PromiseFulfilledResult<RunningService>).value;
    const clients = Object.fromEntries(PROVIDERS.map((p) => [p, providerClient(api.url, keys[p] as string)]));

    for (const [provider, rate] of Object.entries(RATES)) await setRate(provider, rate);

    startedAt = Date.now();
    const ctx = { now: startedAt, providers: PROVIDERS, area: AREA, personPrefix: `chk-${run}` };
    const sample = (arbitrary: fc.Arbitrary<JourneyPlan[]>) =>
      (fc.sample(arbitrary, { numRuns: 1, seed: SEED }) as [JourneyPlan[]])[0];
    plans = [
      ...sample(journeyPlans(ctx, { min: JOURNEYS, max: JOURNEYS })),
      ...sample(journeyPlans(ctx, { min: CHART_JOURNEYS, max: CHART_JOURNEYS }, chartJourneySeed, JOURNEYS)),
    ];
    const commands = plans.reduce((n, p) => n + 1 + p.commands.length, 0);

    const startOffsets = await journeyEventsTopicEnd();
    const pace = new ProviderPace();
    const began = Date.now();
    journeyIds = await inPool(plans, 8, (plan) => pushJourney(clients, pace, plan));
    console.log(`measures check: ${plans.length} journeys, ${commands} requests in ${Date.now() - began} ms`);

    // Wait until every journey has published what its plan says (timers included: sustained resolutions).
    const ids = new Set(journeyIds);
    const deadline = Date.now() + 180_000;
    let missing: string[] = [];
    do {
      events = await readEvents(startOffsets, ids);
      const byJourney = new Map<string, JourneyEvent[]>();
      for (const e of events) byJourney.set(e.subject, [...(byJourney.get(e.subject) ?? []), e]);
      missing = journeyIds.filter((id, i) => {
        const seen = new Map((byJourney.get(id) ?? []).map((e) => [e.seq, e.type]));
        const types = [...seen.keys()]
          .sort((a, b) => a - b)
          .map((seq) => seen.get(seq))
          .filter((t) => t !== 'waymark.journey.stalled.v1');
        return !same(types, plans[i]?.expectedEventTypes);
      });
      if (missing.length === 0) break;
      await sleep(2_000);
    } while (Date.now() < deadline);
    if (missing.length > 0) throw new Error(`journeys whose events never all arrived: ${missing.join(', ')}`);

    // For looking into a disagreement afterwards: the run's raw events and settings.
    const dump = process.env['MEASURES_CHECK_DUMP'];
    if (dump)
      writeFileSync(dump, JSON.stringify({ seed: SEED, area: AREA, rates: RATES, lateRate: LATE_RATE, events }));

    // Then until the projections have caught up (counts are published in bands, so no one count says every journey
    // is in): the figures by week no longer changing for 5 s.
    const path = `/v1/measures?${query({ ...wholeWeeks, groupBy: 'week' })}`;
    const until = Date.now() + 180_000;
    let last = '';
    let unchangedSince = Date.now();
    for (;;) {
      const now = canonical(await bodyOf(await get(path)));
      if (now !== last) [last, unchangedSince] = [now, Date.now()];
      if (last.includes('"value"') && Date.now() - unchangedSince >= 5_000) break;
      if (Date.now() > until) throw new Error(`the projections did not settle within 180 s: ${now}`);
      await sleep(1_000);
    }
  }, 900_000);

  afterAll(async () => {
    console.log(`measures check: figures that agreed: ${JSON.stringify(compared)}`);
    console.log(`measures check: charts that agreed: ${JSON.stringify(chartsCompared)}`);
    const codes = await Promise.all(services.map((s) => s.stop()));
    expect(codes).toEqual(services.map(() => 0));
  });

  it('loaded history with late re-presentations: contacts dated in windows that had already passed', () => {
    // Each reopened a resolution the workflow had just sustained (provisionally): the API accepted every one of them,
    // and the comparisons below check that the figures count them as re-presentations.
    const late = plans
      .flatMap((p) => p.closures)
      .filter((c) => c.followUp === 'reopened' && Date.parse(c.occurredAt) + 90 * 86_400_000 < startedAt);
    expect(late.length).toBeGreaterThan(0);
    const reopenedAfterSustained = journeyIds.flatMap((id) => {
      const types = events
        .filter((e) => e.subject === id && e.type !== 'waymark.journey.stalled.v1')
        .map((e) => e.type);
      return types.filter(
        (type, i) =>
          type === 'waymark.journey.reopened.v1' && types[i - 1] === 'waymark.journey.resolution-sustained.v1',
      );
    });
    expect(reopenedAfterSustained.length).toBe(late.length);
  });

  it('read back from Kafka exactly the journeys it sent, every one complete and in order', () => {
    const journeys = eventsByJourney(events); // throws on a gap or a conflicting redelivery
    expect([...journeys.keys()].sort()).toEqual([...journeyIds].sort());
    for (const list of journeys.values()) expect(list[0]?.data).toMatchObject({ areaCode: AREA });
    // The sample covers what the figures distinguish.
    const followUps = plans.flatMap((p) => p.closures.map((c) => c.followUp));
    for (const kind of ['sustained', 'pending', 'reopened', 'not-applicable']) expect(followUps).toContain(kind);
  });

  const filters: [string, MeasuresFilter][] = [
    ['the whole range by month', { ...whole, groupBy: 'month' }],
    ['the whole range by week', { ...wholeWeeks, groupBy: 'week' }],
    ['some of the months', { ...partMonths, groupBy: 'month' }],
    ['some of the weeks', { ...part, groupBy: 'week' }],
    ['one lead provider by month', { ...whole, provider: A, groupBy: 'month' }],
    ['another lead provider by month', { ...whole, provider: B, groupBy: 'month' }],
    ['a provider that only joins journeys, by month', { ...whole, provider: D, groupBy: 'month' }],
    ['one lead provider over some of the weeks', { ...part, provider: C, groupBy: 'week' }],
  ];

  it.each(filters)(
    'agrees on %s',
    async (_name, filter) => {
      await expectAgreement(filter);
    },
    120_000,
  );

  it('agrees in the CSV form: the same figures, one row per period and figure', async () => {
    const filter = { ...whole, provider: A, groupBy: 'month' as GroupBy };
    await expectAgreement(filter); // settled
    const response = await get(`/v1/measures?${query({ ...filter, format: 'csv' })}`);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(await response.text());
    expect(header).toEqual(['period_start', 'period_end', 'provider', 'area', 'measure', 'value', 'status']);
    const expected = csvRowsOf(referenceMeasures(events, filter, settings()));
    const key = (row: string[]) => `${row[0]}|${row[4]}`;
    // Values compare as numbers (the CSV may print them its own way); everything else as text.
    const normal = (row: string[]) => row.map((cell, i) => (i === 5 && cell !== '' ? String(Number(cell)) : cell));
    expect(rows.map(normal).sort((a, b) => key(a).localeCompare(key(b)))).toEqual(
      expected.sort((a, b) => key(a).localeCompare(key(b))),
    );
    // Periods come in order.
    const starts = rows.map((r) => r[0] as string);
    expect(starts).toEqual([...starts].sort());
  }, 120_000);

  /**
   * A change date that splits a chart's points, keeping two after it when there are three or more: a Saturday before
   * a charted week, or the 20th of the month before a closure group's (the new segment starts with the first period
   * that starts on or after it). The charts are the run's own, so this is found from the reference's chart.
   */
  function changeDateFor(chart: XmrByWeek | XmrByClosureGroup): string {
    const point = chart.points[Math.max(1, chart.points.length - 2)];
    if (point === undefined) return addDays(chart.filter.to, -40); // fewer than two points: any date in the range
    const start = point.label.slice(0, 10);
    const date = chart.by === 'week' ? addDays(start, -2) : `${addDays(start, -1).slice(0, 8)}20`;
    return date < chart.filter.from ? chart.filter.from : date;
  }
  /** A target on the latest segment's centre line (a target must be more than 0): within its limits when it has them. */
  const centreTarget = (chart: XmrByWeek | XmrByClosureGroup) =>
    String(Math.max(0.01, chart.segments.at(-1)?.centreLine ?? 30));
  /** What the agreeing chart comparisons covered. */
  const chartsCompared = { points: 0, specialCause: 0, segments: 0, assurance: [] as string[] };

  type ChartCase = {
    params: Record<string, string | number | null | undefined>;
    expected: XmrByWeek | XmrByClosureGroup;
  };
  const weekly = (filter: ChartFilter, asked: ChartAsked = {}): ChartCase => ({
    params: { by: 'week', ...filter, ...asked },
    expected: referenceXmrByWeek(events, filter, settings(), asked),
  });
  const byGroup = (filter: ChartFilter, limit?: number, asked: ChartAsked = {}): ChartCase => ({
    params: { by: 'closure-group', ...filter, limit, ...asked },
    expected: referenceXmrByClosureGroup(events, filter, settings(), limit, asked),
  });

  const charts: [string, () => ChartCase][] = [
    ['by week over the whole range', () => weekly(wholeWeeks)],
    ['by week over some of the weeks', () => weekly(part)],
    ['by week for one lead provider', () => weekly({ ...wholeWeeks, provider: A })],
    ['by closure group over the whole range', () => byGroup(whole)],
    ['by closure group, the 2 most recent', () => byGroup(whole, 2)],
    ['by closure group for one lead provider over some of the months', () => byGroup({ ...partMonths, provider: A })],
    [
      'by week with a change date and a target',
      () => {
        const plain = weekly(wholeWeeks).expected;
        return weekly(wholeWeeks, { changeDate: changeDateFor(plain), target: centreTarget(plain) });
      },
    ],
    [
      'by closure group with a change date and a target',
      () => {
        const plain = byGroup(whole).expected;
        return byGroup(whole, undefined, { changeDate: changeDateFor(plain), target: centreTarget(plain) });
      },
    ],
    ['by closure group with a target of half a day', () => byGroup(whole, undefined, { target: '0.5' })],
    ['by closure group with a target of 9999 days', () => byGroup(whole, undefined, { target: '9999' })],
  ];

  it.each(charts)(
    'agrees on the end-to-end XmR chart %s',
    async (_name, chartCase) => {
      const { params, expected } = chartCase();
      chartsCompared.points += expected.points.length;
      chartsCompared.specialCause += expected.points.filter((p) => p.rules.length > 0).length;
      chartsCompared.segments += expected.segments.length;
      if (expected.assurance !== null) chartsCompared.assurance.push(expected.assurance);
      const path = `/v1/measures/end-to-end-days/xmr?${query(params)}`;
      const deadline = Date.now() + 15_000;
      let actual: unknown;
      do {
        actual = await bodyOf(await get(path));
        if (same(actual, expected)) break;
        await sleep(1_000);
      } while (Date.now() < deadline);
      expect(actual).toEqual(expected);
    },
    120_000,
  );

  it('compared charts with limits, with a change date splitting one, and with the assurance readings', () => {
    // The chart journeys are made for this; were they not to give it, the comparisons above would prove less.
    expect(chartsCompared.points).toBeGreaterThan(charts.length * 3);
    expect(chartsCompared.segments).toBeGreaterThan(charts.length);
    expect(chartsCompared.assurance).toEqual(expect.arrayContaining(['pass', 'hit-and-miss']));
  });

  it('refuses a change date outside the range and a target that is not a positive number of days, naming each', async () => {
    const refused = async (params: Record<string, string>, field: string) => {
      const response = await commissioner.get(
        `/v1/measures/end-to-end-days/xmr?${query({ by: 'week', ...wholeWeeks, ...params })}`,
      );
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = (await response.json()) as { type: string; errors: { field: string }[] };
      expect(problem.type).toBe('/problems/validation');
      expect(problem.errors.map((e) => e.field)).toEqual([field]);
    };
    await refused({ changeDate: addDays(wholeWeeks.from, -1) }, 'changeDate');
    await refused({ changeDate: '2026-02-30' }, 'changeDate');
    for (const target of ['0', '-5', '12.345', 'soon']) await refused({ target }, 'target');
  });

  it('recomputes every cost when a missing rate is set', async () => {
    await setRate(LATE_RATE.provider, LATE_RATE.rate);
    await expectAgreement({ ...whole, groupBy: 'month' });
    await expectAgreement({ ...wholeWeeks, groupBy: 'week' });
    await expectAgreement({ ...whole, provider: E, groupBy: 'month' });
  }, 240_000);
});

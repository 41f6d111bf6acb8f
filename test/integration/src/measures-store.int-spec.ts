import type { JourneyEvent } from '@waymark/event-contracts';
import {
  CostRateInputError,
  CostRates,
  MEASURES_MIGRATIONS,
  measuresDataSourceOptions,
  MeasuresQueries,
  MeasuresProjector,
} from '@waymark/measures-store';
import { MeasuresFilter, Neighbours, percentile, percentileBetween } from '@waymark/measures-maths';
import { createThrowawayDatabase, journeyEvents, ThrowawayDatabase } from '@waymark/test-support';
import { spread, sustainedJourney } from './measures-journeys';
import { DataSource, DataSourceOptions } from 'typeorm';

/** The projection store and its queries against real PostgreSQL, in a database of its own made from the migrations. */
describe('measures store on PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  let store: MeasuresProjector;
  let queries: MeasuresQueries;

  beforeAll(async () => {
    database = await createThrowawayDatabase('measures');
    dataSource = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
    store = new MeasuresProjector(dataSource);
    queries = new MeasuresQueries(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => store.clear());

  /** The figures' aggregates of an answer (its rates and watermark are tested on their own below). */
  const periods = async (filter: MeasuresFilter) => (await queries.periods(filter)).periods;

  const all: MeasuresFilter = { from: '2026-01-01', to: '2026-12-31', groupBy: 'none' };

  it('builds its schema from the migrations alone', async () => {
    const migrations = await dataSource.query('SELECT name FROM migrations ORDER BY id');
    expect(migrations.map((m: { name: string }) => m.name)).toEqual([
      'InitialSchema1764403200000',
      'ValueMeasures1764489600000',
      'Rollups1764576000000',
      'HeldEvents1764662400000',
    ]);
    expect(await dataSource.showMigrations()).toBe(false); // nothing pending
  });

  it('sums a period from its counters and closures', async () => {
    await store.apply(sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z', 30));
    await store.apply(sustainedJourney('2026-03-02T09:00:00Z', '2026-03-22T09:00:00Z', 90));
    const period = (await periods(all)).get('2026-01-01');
    expect(period?.closures).toMatchObject({
      closures: 2,
      sustained: 2,
      final: 2,
      assessments: 2,
      // 10 and 20 days: both percentiles lie between them
      endToEndMedian: { lower: 10 * 86_400_000, upper: 20 * 86_400_000 },
      endToEndP85: { lower: 10 * 86_400_000, upper: 20 * 86_400_000 },
    });
    expect(period?.activity).toEqual({ opened: 2, contact: 2, 'failure.chasing-progress': 2, assessment: 2 });
    expect(period?.workMinutes).toEqual([{ providerId: 'council', minutes: 120 }]);
    expect(period?.sustainedMinutes).toEqual([{ providerId: 'council', minutes: 120 }]);
  });

  it('applies an event once, however often and in whatever batches it is delivered', async () => {
    const events = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z');
    expect(await store.apply(events)).toMatchObject({ applied: 5, duplicates: 0 });
    const once = await periods(all);
    expect(await store.apply([...events.slice(2), ...events])).toMatchObject({ applied: 0, duplicates: 8 });
    expect(await periods(all)).toEqual(once);
  });

  it('applies the same journey once when two consumers deliver it at the same moment', async () => {
    const events = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z');
    const results = await Promise.all([store.apply(events), store.apply(events), store.apply(events)]);
    expect(results.map((r) => r.applied).sort()).toEqual([0, 0, 5]);
    expect((await periods(all)).get('2026-01-01')?.closures.closures).toBe(1);
  });

  it('writes nothing of a batch that fails part-way', async () => {
    const good = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z');
    const broken = { ...good[1], subject: 'not-a-uuid', id: 'x' } as JourneyEvent;
    await expect(
      store.apply([
        ...good,
        journeyEvents(broken.subject).event('opened', '2026-03-01T09:00:00Z', {
          leadProviderId: 'council',
          areaCode: 'N1',
          ageBand: '25-34',
        }),
      ]),
    ).rejects.toThrow();
    expect(await periods(all)).toEqual(new Map());
    expect((await store.watermark()).eventsApplied).toBe(0);
  });

  it('hands back events it cannot place, and applies the rest', async () => {
    const [opened, second] = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z');
    const contact = { ...second, seq: 1, id: `${opened.subject}:1` } as JourneyEvent; // seq 1 must be opened
    const other = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z');
    const result = await store.apply([contact, ...other]);
    expect(result).toMatchObject({ applied: 5, unplaceable: [{ event: contact }] });
  });

  it('groups by ISO week and calendar month of the local date', async () => {
    // 23:30 UTC on Sunday 29 March 2026 is 00:30 BST on Monday 30 March.
    await store.apply(sustainedJourney('2026-03-29T23:30:00Z', '2026-04-02T09:00:00Z'));
    const weeks = await periods({ ...all, groupBy: 'week' });
    expect(weeks.get('2026-03-30')?.activity['opened']).toBe(1);
    const months = await periods({ ...all, groupBy: 'month' });
    expect(months.get('2026-03-01')?.activity['opened']).toBe(1);
    expect(months.get('2026-04-01')?.closures.closures).toBe(1);
  });

  it('finds the values around each percentile as the measures maths place them', async () => {
    const days = Array.from({ length: 23 }, (_, i) => ((i * 7919) % 97) / 3 + 0.25);
    const start = Date.parse('2026-02-01T00:00:00Z');
    for (const d of days) {
      await store.apply(sustainedJourney('2026-02-01T00:00:00Z', new Date(start + d * 86_400_000).toISOString()));
    }
    const closures = (await periods(all)).get('2026-01-01')?.closures;
    const ms = days.map((d) => Math.round(d * 86_400_000));
    for (const [p, neighbours] of [
      [50, closures?.endToEndMedian],
      [85, closures?.endToEndP85],
    ] as const) {
      const { lower, upper } = neighbours as Neighbours;
      expect(percentileBetween(lower, upper ?? undefined, ms.length, p).valueOf()).toBeCloseTo(
        percentile(ms, p) as number,
        3,
      );
    }
  });

  it('gives the same figures from days as from weeks and months', async () => {
    // Every journey is the council's in N1, so the one-provider-one-area filter (read by day) covers them all.
    for (const journey of spread()) await store.apply(journey);
    for (const groupBy of ['none', 'week', 'month'] as const) {
      const range = { from: '2026-01-14', to: '2026-08-19', groupBy };
      const byDay = await periods({ ...range, provider: 'council', area: 'N1' });
      expect(await periods(range)).toEqual(byDay);
      expect(await periods({ ...range, provider: 'council' })).toEqual(byDay);
      expect(await periods({ ...range, area: 'N1' })).toEqual(byDay);
      expect(await periods({ ...range, area: 'N2' })).toEqual(new Map());
    }
  });

  it('derives the same rollups after a rebuild as the live writes keep', async () => {
    const journeys = spread();
    for (const journey of journeys) await store.apply(journey);
    const read = () =>
      Promise.all(
        (['none', 'week', 'month'] as const).flatMap((groupBy) => [
          periods({ ...all, groupBy }),
          periods({ ...all, groupBy, provider: 'council' }),
          periods({ ...all, groupBy, area: 'N1' }),
        ]),
      );
    const live = await read();
    await store.clear();
    for (const journey of journeys) await store.apply(journey, 'days');
    expect(await periods(all)).toEqual(new Map()); // nothing for every provider until completed
    await store.completeRollups();
    expect(await read()).toEqual(live);
    await store.completeRollups(); // and again: replaced, not added to
    expect(await read()).toEqual(live);
  });

  it('takes a reopened closure out of the counts and percentiles', async () => {
    const j = journeyEvents();
    await store.apply([
      j.event('opened', '2026-03-01T09:00:00Z', { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' }),
      j.event('what-matters-recorded', '2026-03-02T09:00:00Z', {
        providerId: 'council',
        items: [{ itemId: 'home', domain: 'housing' }],
      }),
      j.event('closed', '2026-03-05T09:00:00Z', {
        providerId: 'council',
        outcome: 'resolved',
        followUpEndsAt: '2026-06-03T09:00:00Z',
      }),
    ]);
    const before = (await periods(all)).get('2026-01-01')?.closures;
    expect(before).toMatchObject({ closures: 1, pending: 1, final: 1, withWhatMatters: 1 });
    expect(before?.whatMattersMedian).toEqual({ lower: 86_400_000, upper: null });
    await store.apply([
      j.event('reopened', '2026-03-20T09:00:00Z', { reason: 're-presentation', closedAt: '2026-03-05T09:00:00Z' }),
    ]);
    const after = (await periods(all)).get('2026-01-01')?.closures;
    expect(after).toMatchObject({ closures: 1, pending: 0, reopened: 1, final: 0, withWhatMatters: 0 });
    expect(after?.whatMattersMedian).toBeNull();
  });

  it('turns a sustained resolution reopened by a late record into a reopened one, live and in a rebuild', async () => {
    const other = sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z', 30);
    const late = sustainedJourney('2026-03-02T09:00:00Z', '2026-03-22T09:00:00Z', 90);
    const j = journeyEvents(late[0]?.subject);
    const reopening = [
      j.event('reopened', '2026-05-01T09:00:00Z', { reason: 're-presentation', closedAt: '2026-03-22T09:00:00Z' }),
      j.event('contact-recorded', '2026-05-01T09:00:00Z', {
        providerId: 'council',
        channel: 'phone',
        minutesSpent: 5,
        demand: 'failure',
        failureReason: 'not-solved',
      }),
    ].map((e, i) => ({ ...e, id: `${e.subject}:${late.length + i + 1}`, seq: late.length + i + 1 }));
    const read = async () => ({
      periods: (await queries.periods(all)).periods,
      weekly: (await queries.weeklyEndToEnd({ ...all, groupBy: 'week' })).weeks,
      groups: (await queries.recentClosureGroups(all, 1, 100)).groups,
    });

    await store.apply(other);
    await store.apply(late);
    const sustainedBoth = (await read()).periods.get('2026-01-01');
    expect(sustainedBoth?.closures).toMatchObject({ sustained: 2, reopened: 0, final: 2 });
    expect(sustainedBoth?.sustainedMinutes).toEqual([{ providerId: 'council', minutes: 120 }]);

    await store.apply(reopening); // the late record arrives in a later batch
    const live = await read();
    const period = live.periods.get('2026-01-01');
    expect(period?.closures).toMatchObject({ closures: 2, sustained: 1, reopened: 1, final: 1, assessments: 1 });
    expect(period?.closures.endToEndMedian).toEqual({ lower: 10 * 86_400_000, upper: null });
    expect(period?.sustainedMinutes).toEqual([{ providerId: 'council', minutes: 30 }]);
    expect(live.groups).toEqual([{ month: '2026-03-01', index: 1, closures: 1, endToEndMsSum: 10 * 86_400_000 }]);

    await store.clear();
    for (const events of [other, late, reopening]) await store.apply(events, 'days');
    await store.completeRollups();
    expect(await read()).toEqual(live);
  });

  it('reads the weekly and closure-group chart series in time order', async () => {
    await store.apply(sustainedJourney('2026-03-01T09:00:00Z', '2026-03-03T09:00:00Z'));
    await store.apply(sustainedJourney('2026-03-01T09:00:00Z', '2026-03-11T09:00:00Z'));
    await store.apply(sustainedJourney('2026-03-01T09:00:00Z', '2026-03-12T09:00:00Z'));
    expect((await queries.weeklyEndToEnd(all)).weeks).toEqual(
      new Map([
        ['2026-03-02', { n: 1, median: { lower: 2 * 86_400_000, upper: null } }],
        ['2026-03-09', { n: 2, median: { lower: 10 * 86_400_000, upper: 11 * 86_400_000 } }],
      ]),
    );
    // March's three in closure order, two at a time: the last group takes the rest, so one group of three.
    expect(await queries.recentClosureGroups(all, 2, 100)).toMatchObject({
      sustainedByMonth: new Map([['2026-03-01', 3]]),
      groups: [{ month: '2026-03-01', index: 1, closures: 3, endToEndMsSum: 23 * 86_400_000 }],
    });
    await store.apply(sustainedJourney('2026-03-01T09:00:00Z', '2026-03-13T09:00:00Z'));
    await store.apply(sustainedJourney('2026-04-01T09:00:00Z', '2026-04-02T09:00:00Z'));
    await store.apply(sustainedJourney('2026-04-01T09:00:00Z', '2026-04-03T09:00:00Z'));
    const both = await queries.recentClosureGroups(all, 2, 100);
    expect(both.sustainedByMonth).toEqual(
      new Map([
        ['2026-03-01', 4],
        ['2026-04-01', 2],
      ]),
    );
    expect(both.groups).toEqual([
      { month: '2026-03-01', index: 1, closures: 2, endToEndMsSum: 12 * 86_400_000 }, // 2 and 10 days
      { month: '2026-03-01', index: 2, closures: 2, endToEndMsSum: 23 * 86_400_000 }, // 11 and 12
      { month: '2026-04-01', index: 1, closures: 2, endToEndMsSum: 3 * 86_400_000 }, // 1 and 2
    ]);
    // The most recent group is April's: March is not read.
    expect((await queries.recentClosureGroups(all, 2, 1)).groups).toEqual([both.groups[2]]);
    expect(await queries.recentClosureGroups({ ...all, provider: 'other' }, 2, 100)).toMatchObject({
      sustainedByMonth: new Map(),
      groups: [],
    });
  });

  it('folds projections kept in the earlier day tables into the rollups when it migrates', async () => {
    const old = await createThrowawayDatabase('upgrade');
    try {
      const before = new DataSource({
        ...measuresDataSourceOptions(old.url),
        migrations: MEASURES_MIGRATIONS.slice(0, 2),
      } as DataSourceOptions);
      await before.initialize();
      await before.query(`
        INSERT INTO activity_daily VALUES ('2026-03-02', 'council', 'N1', 'contact', 3, 90),
          ('2026-03-02', 'council', 'N1', 'failure.chasing-progress', 1, 0),
          ('2026-03-09', 'charity', 'N2', 'help', 2, 40);
        INSERT INTO closures VALUES
          ('00000000-0000-4000-8000-000000000001', 5, '2026-03-10', '2026-03-10T09:00:00Z', 'council', 'N1',
           'resolved', 'sustained', true, 777600000, 1, 2, 3600000, 2),
          ('00000000-0000-4000-8000-000000000002', 4, '2026-03-11', '2026-03-11T09:00:00Z', 'charity', 'N2',
           'resolved', 'reopened', false, 86400000, 0, 1, NULL, NULL);
        INSERT INTO sustained_minutes VALUES ('2026-03-10', 'council', 'N1', 'charity', 40)`);
      await before.destroy();
      const after = await new DataSource(measuresDataSourceOptions(old.url)).initialize();
      try {
        const march = (await new MeasuresQueries(after).periods({ ...all, groupBy: 'month' })).periods.get(
          '2026-03-01',
        );
        expect(march?.activity).toEqual({ contact: 3, 'failure.chasing-progress': 1, help: 2 });
        expect(march?.workMinutes).toEqual(
          expect.arrayContaining([
            { providerId: 'council', minutes: 90 },
            { providerId: 'charity', minutes: 40 },
          ]),
        );
        expect(march?.sustainedMinutes).toEqual([{ providerId: 'charity', minutes: 40 }]);
        expect(march?.closures).toEqual({
          closures: 2,
          unresolved: 0,
          sustained: 1,
          reopened: 1,
          pending: 0,
          final: 1,
          acceptedHandOffs: 1,
          assessments: 2,
          repeatAssessed: 1,
          withWhatMatters: 1,
          rated: 1,
          endToEndMedian: { lower: 777600000, upper: null },
          endToEndP85: { lower: 777600000, upper: null },
          whatMattersMedian: { lower: 3600000, upper: null },
          progressMedian: { lower: 2, upper: null },
        });
      } finally {
        await after.destroy();
      }
    } finally {
      await old.drop();
    }
  });

  it('keeps cost rates apart from the projections, in whole pence', async () => {
    const rates = new CostRates(dataSource);
    await rates.set('council', '42.5');
    await rates.set('council', '42.55');
    await rates.set('charity', '0');
    await store.clear();
    expect(await rates.pence()).toEqual(
      new Map([
        ['council', 4255],
        ['charity', 0],
      ]),
    );
    await expect(rates.set('Council', '10')).rejects.toThrow(CostRateInputError);
    await expect(rates.set('council', '10.555')).rejects.toThrow(/hourly rate "10.555" must be an amount/);
    await expect(rates.set('council', '-1')).rejects.toThrow(CostRateInputError);
  });
});

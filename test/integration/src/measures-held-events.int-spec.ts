import type { JourneyEvent } from '@waymark/event-contracts';
import { MeasuresFilter } from '@waymark/measures-maths';
import {
  measuresDataSourceOptions,
  MeasuresQueries,
  MeasuresProjector,
  ProjectionProgress,
} from '@waymark/measures-store';
import { createThrowawayDatabase, journeyEvents, ThrowawayDatabase } from '@waymark/test-support';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** Holding a journey's events behind a gap in its seq (decision 0010), on real PostgreSQL. */
describe('measures store holding events behind a gap', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  let store: MeasuresProjector;
  let queries: MeasuresQueries;
  let progress: ProjectionProgress;

  beforeAll(async () => {
    database = await createThrowawayDatabase('held');
    dataSource = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
    store = new MeasuresProjector(dataSource);
    queries = new MeasuresQueries(dataSource);
    progress = new ProjectionProgress(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  beforeEach(() => store.clear());

  /** A resolved and sustained journey with work by two providers: 8 events, seq 1 to 8. */
  function journey(journeyId = randomUUID()): JourneyEvent[] {
    const j = journeyEvents(journeyId);
    const work = { channel: 'phone', demand: 'failure', failureReason: 'chasing-progress' } as const;
    return [
      j.event('opened', '2026-03-01T09:00:00Z', { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' }),
      j.event('contact-recorded', '2026-03-02T09:00:00Z', { providerId: 'council', minutesSpent: 30, ...work }),
      j.event('assessment-recorded', '2026-03-03T09:00:00Z', {
        providerId: 'council',
        assessmentType: 'needs',
        minutesSpent: 45,
      }),
      j.event('what-matters-recorded', '2026-03-04T09:00:00Z', {
        providerId: 'council',
        items: [{ itemId: 'home', domain: 'housing' }],
      }),
      j.event('help-given', '2026-03-05T09:00:00Z', {
        providerId: 'trust',
        helpType: 'practical',
        whatMattersItemIds: ['home'],
        minutesSpent: 60,
      }),
      j.event('progress-rated', '2026-03-06T09:00:00Z', { providerId: 'council', rating: 4 }),
      j.event('closed', '2026-03-20T09:00:00Z', {
        providerId: 'council',
        outcome: 'resolved',
        followUpEndsAt: '2026-06-18T09:00:00Z',
      }),
      j.event('resolution-sustained', '2026-06-18T09:00:00Z', { closedAt: '2026-03-20T09:00:00Z', followUpDays: 90 }),
    ];
  }

  const all: MeasuresFilter = { from: '2026-01-01', to: '2026-12-31', groupBy: 'none' };
  const figures = async () => (await queries.periods(all)).periods;
  const heldRows = async () =>
    (await dataSource.query(`SELECT journey_id, seq FROM held_events ORDER BY journey_id, seq`)) as {
      journey_id: string;
      seq: number;
    }[];

  /** The figures of the same journeys applied whole, in order. */
  async function figuresOfWhole(...journeys: JourneyEvent[][]) {
    await store.clear();
    await store.apply(journeys.flat());
    const whole = await figures();
    await store.clear();
    return whole;
  }

  it('holds the events after a missing one, then applies them in order when it arrives: figures as if whole', async () => {
    const e = journey();
    const expected = await figuresOfWhole(e);

    const first = await store.apply([e[0], e[2], e[3]]); // seq 2 is missing
    expect(first).toMatchObject({ applied: 1, held: 2, heldJourneys: 1 });
    expect(first.gaps).toEqual([{ journeyId: e[0]?.subject, expectedSeq: 2, gotSeq: 3 }]);
    const later = await store.apply(e.slice(4));
    expect(later).toMatchObject({ applied: 0, held: 4, gaps: [], heldJourneys: 1 });
    expect((await figures()).get('2026-01-01')?.activity).toEqual({ opened: 1 }); // nothing after the gap counted
    expect(await heldRows()).toHaveLength(6);
    expect(await progress.of([e[0]?.subject as string])).toEqual(
      new Map([[e[0]?.subject, { lastSeq: 1, heldSeqs: [3, 4, 5, 6, 7, 8] }]]),
    );

    const filled = await store.apply([e[1]]);
    expect(filled).toMatchObject({ applied: 8 - 1, held: 0, released: 6, heldJourneys: 0 });
    expect(await heldRows()).toEqual([]);
    expect(await figures()).toEqual(expected);
    expect((await store.watermark()).eventsApplied).toBe(8);
  });

  it("holds everything that comes before a journey's opened event, and applies it once that arrives", async () => {
    const e = journey();
    const expected = await figuresOfWhole(e);
    const early = await store.apply(e.slice(1));
    expect(early).toMatchObject({ applied: 0, held: 7, unplaceable: [] });
    expect(early.gaps).toEqual([{ journeyId: e[0]?.subject, expectedSeq: 1, gotSeq: 2 }]);
    expect(await store.heldJourneys()).toBe(1);
    await store.apply([e[0] as JourneyEvent]);
    expect(await figures()).toEqual(expected);
    expect(await store.heldJourneys()).toBe(0);
  });

  it('holds an event delivered twice once, and a held copy of what is applied changes nothing', async () => {
    const e = journey();
    const expected = await figuresOfWhole(e);
    await store.apply([e[0], e[3], e[3]] as JourneyEvent[]);
    const again = await store.apply([e[3] as JourneyEvent]);
    expect(again).toMatchObject({ applied: 0, held: 0, duplicates: 1 });
    expect(await heldRows()).toEqual([{ journey_id: e[0]?.subject, seq: 4 }]);
    // 2, 3 and a redelivered 4 arrive: 4 is applied once (the held copy), the rest follow.
    const filled = await store.apply([e[1], e[2], e[3], ...e.slice(4)] as JourneyEvent[]);
    expect(filled).toMatchObject({ applied: 7, released: 1, duplicates: 1 });
    expect(await figures()).toEqual(expected);
    expect(await heldRows()).toEqual([]);
  });

  it('applies the other journeys of a batch as usual while one of them holds', async () => {
    const gapped = journey();
    const whole = journey();
    const expectedWhole = await figuresOfWhole(whole);
    const result = await store.apply([gapped[0], whole[0], gapped[2], ...whole.slice(1), gapped[3]] as JourneyEvent[]);
    expect(result).toMatchObject({ applied: 1 + 8, held: 2, heldJourneys: 1 });
    const withOpened = (await figures()).get('2026-01-01');
    expect(withOpened?.activity).toEqual({
      ...expectedWhole.get('2026-01-01')?.activity,
      opened: 2, // the held journey's opened event, nothing more of it
    });
    expect(withOpened?.closures).toEqual(expectedWhole.get('2026-01-01')?.closures);
  });

  it('holds nothing from a batch that fails part-way', async () => {
    const e = journey();
    const broken = journeyEvents('not-a-uuid').event('opened', '2026-03-01T09:00:00Z', {
      leadProviderId: 'council',
      areaCode: 'N1',
      ageBand: '25-34',
    });
    await expect(store.apply([e[0], e[2], e[3], broken] as JourneyEvent[])).rejects.toThrow();
    expect(await heldRows()).toEqual([]);
    expect(await store.heldJourneys()).toBe(0);
  });

  it('empties the held events with the projections for a rebuild', async () => {
    const e = journey();
    await store.apply([e[0], e[2]] as JourneyEvent[]);
    expect(await store.heldJourneys()).toBe(1);
    await store.clear();
    expect(await heldRows()).toEqual([]);
  });

  it('tells how far each journey has been applied, including journeys it has never seen', async () => {
    const seen = journey();
    const unseen = randomUUID();
    await store.apply(seen.slice(0, 3));
    await store.apply([seen[5] as JourneyEvent]);
    expect(await progress.of([seen[0]?.subject as string, unseen])).toEqual(
      new Map([
        [seen[0]?.subject, { lastSeq: 3, heldSeqs: [6] }],
        [unseen, { lastSeq: 0, heldSeqs: [] }],
      ]),
    );
  });
});

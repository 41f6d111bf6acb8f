import { measuresDataSourceOptions, MeasuresProjector } from '@waymark/measures-store';
import { createThrowawayDatabase, journeyEvents, ThrowawayDatabase } from '@waymark/test-support';
import { DataSource } from 'typeorm';

/**
 * Issue 9: a journey opened "0050-06-01T12:00:00Z" failed every projection write of its partition, for good. The
 * projection placed it on the local day en-CA writes for year 50, "50-06-01", and PostgreSQL refuses that as a date
 * (22008). Now such a date is unplaceable: the event is handed back for the dead letters and the batch commits.
 */
describe('dates the measures store cannot place', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  let store: MeasuresProjector;

  beforeAll(async () => {
    database = await createThrowawayDatabase('dates');
    dataSource = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
    store = new MeasuresProjector(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('PostgreSQL refuses the day the projection used to write for year 50', async () => {
    await expect(dataSource.query(`SELECT '50-06-01'::date`)).rejects.toMatchObject({ code: '22008' });
  });

  it.each(['0050-06-01T12:00:00.000Z', '1900-01-01T00:00:00.000Z'])(
    'sets a journey opened at %s aside and applies the rest of its batch',
    async (time) => {
      const area = { leadProviderId: 'council', areaCode: 'N1', ageBand: '25-34' } as const;
      const bad = journeyEvents();
      const good = journeyEvents();
      const early = bad.event('opened', time, area);
      const later = bad.event('contact-recorded', '2026-06-01T12:00:00.000Z', {
        providerId: 'council',
        channel: 'phone',
        minutesSpent: 5,
        demand: 'value',
        valueKind: 'new-need',
      });
      const fine = good.event('opened', '2026-06-01T12:00:00.000Z', area);

      const result = await store.apply([early, later, fine]);

      expect(result.applied).toBe(1);
      expect(result.unplaceable.map((u) => [u.event.id, u.reason])).toEqual([
        [early.id, expect.stringContaining(`time ${time} is outside the dates the projections can place`)],
      ]);
      // The journey's later event waits behind the missing opened event (decision 0010) until a replay fills it.
      expect(result).toMatchObject({ held: 1, gaps: [{ journeyId: bad.journeyId, expectedSeq: 1, gotSeq: 2 }] });
      const facts = await dataSource.query(`SELECT journey_id FROM journey_facts`);
      expect(facts.map((f: { journey_id: string }) => f.journey_id)).toContain(good.journeyId);
      expect(facts.map((f: { journey_id: string }) => f.journey_id)).not.toContain(bad.journeyId);
    },
  );
});

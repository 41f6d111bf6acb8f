import {
  measuresDataSourceOptions,
  MeasuresQueries,
  MeasuresProjector,
  PROJECTION_TABLES,
  ProjectionRebuild,
  REBUILD_SCHEMA,
} from '@waymark/measures-store';
import { createThrowawayDatabase, ThrowawayDatabase } from '@waymark/test-support';
import { DataSource } from 'typeorm';
import { spread } from './measures-journeys';

/** A rebuild into fresh tables, swapped in whole (decision 0012), on real PostgreSQL. */
describe('rebuilding the projections into fresh tables', () => {
  let database: ThrowawayDatabase;
  let live: DataSource;
  const journeys = spread();
  const byWeek = { from: '2026-01-01', to: '2026-12-31', groupBy: 'week' } as const;

  beforeAll(async () => {
    database = await createThrowawayDatabase('rebuild');
    live = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
    const store = new MeasuresProjector(live);
    for (const journey of journeys) await store.apply(journey);
  });

  afterAll(async () => {
    await live?.destroy();
    await database?.drop();
  });

  const figures = async () => {
    const { periods, watermark } = await new MeasuresQueries(live).periods(byWeek);
    return { periods, eventsApplied: watermark.eventsApplied, lastRecordedAt: watermark.lastRecordedAt };
  };
  /** Every index and constraint of the projection tables, by name, as PostgreSQL would create it again. */
  const definitions = (): Promise<unknown[]> =>
    live.query(
      `SELECT c.relname AS table_name, i.relname AS index_name, pg_get_indexdef(i.oid) AS definition
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class c ON c.oid = x.indrelid
       WHERE c.relnamespace = current_schema()::regnamespace AND c.relname = ANY($1)
       UNION ALL
       SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
       WHERE connamespace = current_schema()::regnamespace AND conrelid::regclass::text = ANY($1)
       ORDER BY 1, 2, 3`,
      [PROJECTION_TABLES],
    );
  const rebuildSchemaExists = async () =>
    (await live.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [REBUILD_SCHEMA]))[0].n === 1;

  async function replayInto(rebuild: ProjectionRebuild, events = journeys): Promise<void> {
    for (const journey of events) await rebuild.projector.apply(journey, 'days');
  }

  it('swaps in a complete rebuild: the same figures, tables and indexes, and nothing left behind', async () => {
    const before = { figures: await figures(), definitions: await definitions() };
    const rebuild = await ProjectionRebuild.begin(live, 'Europe/London');
    try {
      await replayInto(rebuild);
      await rebuild.projector.completeRollups();
      expect(await figures()).toEqual(before.figures); // nothing live has changed yet
      await rebuild.swapIn();
    } finally {
      await rebuild.close();
    }
    expect(await figures()).toEqual(before.figures);
    expect(await definitions()).toEqual(before.definitions);
    expect(await rebuildSchemaExists()).toBe(false);
  });

  it('leaves the live projections as they were when a rebuild fails or is abandoned, and starts the next clean', async () => {
    const before = await figures();
    const failed = await ProjectionRebuild.begin(live, 'Europe/London');
    await replayInto(failed, journeys.slice(0, 10));
    await failed.discard();
    await failed.close();
    expect(await rebuildSchemaExists()).toBe(false);
    expect(await figures()).toEqual(before);

    const killed = await ProjectionRebuild.begin(live, 'Europe/London');
    await replayInto(killed, journeys.slice(0, 10));
    await killed.close(); // as if the process died: its half-built tables stay
    expect(await rebuildSchemaExists()).toBe(true);
    expect(await figures()).toEqual(before);

    const next = await ProjectionRebuild.begin(live, 'Europe/London'); // drops them first
    try {
      await replayInto(next);
      await next.projector.completeRollups();
      await next.swapIn();
    } finally {
      await next.close();
    }
    expect(await figures()).toEqual(before);
  });
});

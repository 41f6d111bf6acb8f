import {
  CostRates,
  measuresDataSourceOptions,
  MeasuresQueries,
  MeasuresProjector,
  OPS_POOL,
} from '@waymark/measures-store';
import { createThrowawayDatabase, ThrowawayDatabase } from '@waymark/test-support';
import { DataSource, QueryFailedError } from 'typeorm';
import { spread } from './measures-journeys';

/** Reads of the measures on real PostgreSQL: connections, admission and timeouts (decision 0012). */
describe('measures reads on PostgreSQL', () => {
  let database: ThrowawayDatabase;
  let dataSource: DataSource;
  const weekly = { from: '2026-01-01', to: '2026-12-31', groupBy: 'week' } as const;

  beforeAll(async () => {
    database = await createThrowawayDatabase('reads');
    dataSource = await new DataSource(measuresDataSourceOptions(database.url)).initialize();
    const store = new MeasuresProjector(dataSource);
    for (const journey of spread()) await store.apply(journey);
    await new CostRates(dataSource).set('council', '40.00');
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** A pool of its own on the test database. */
  async function pool(settings: Partial<typeof OPS_POOL>): Promise<DataSource> {
    const options = { ...measuresDataSourceOptions(database.url, { ...OPS_POOL, ...settings }), migrationsRun: false };
    return new DataSource(options).initialize();
  }

  it('answers many concurrent reads on a small pool: each gets both its connections at once, or waits holding none', async () => {
    // Each answer reads on two connections sharing a snapshot. Taken one at a time, three answers holding one
    // connection each and waiting for a second would deadlock this pool (and time out, after 3 s, here).
    const small = await pool({ connections: 3, acquireTimeoutMs: 3_000 });
    try {
      const queries = new MeasuresQueries(small);
      const answers = await Promise.all(Array.from({ length: 30 }, () => queries.periods(weekly)));
      const [first] = answers;
      expect(first.periods.size).toBeGreaterThan(20);
      for (const answer of answers) expect(answer).toEqual(first);
    } finally {
      await small.destroy();
    }
  });

  it('reads an answer’s cost rates and watermark with its figures', async () => {
    const { ratesInPence, watermark } = await new MeasuresQueries(dataSource).periods(weekly);
    expect(ratesInPence).toEqual(new Map([['council', 4000]]));
    expect(watermark).toEqual(await new MeasuresProjector(dataSource).watermark());
    expect(watermark.eventsApplied).toBe(spread().flat().length);
  });

  it('gives every session of a pool its timeouts and name, and PostgreSQL holds a read to them', async () => {
    const reads = await pool({
      statementTimeoutMs: 300,
      idleInTransactionTimeoutMs: 20_000,
      applicationName: 'measures-service:reads',
    });
    try {
      const [settings] = await reads.query(
        `SELECT current_setting('statement_timeout') AS statement,
                current_setting('idle_in_transaction_session_timeout') AS idle,
                current_setting('application_name') AS name`,
      );
      expect(settings).toEqual({ statement: '300ms', idle: '20s', name: 'measures-service:reads' });
      const slow = reads.query('SELECT pg_sleep(2)');
      await expect(slow).rejects.toBeInstanceOf(QueryFailedError);
      await expect(slow).rejects.toMatchObject({ driverError: { code: '57014' } }); // query_canceled
    } finally {
      await reads.destroy();
    }
  });
});

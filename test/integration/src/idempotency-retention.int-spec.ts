import { IdempotencyPruner, IdempotencyStore } from '@waymark/idempotency';
import { SchemaDataSource, schemaDataSourceOptions } from '@waymark/api-keys';
import { DataSource } from 'typeorm';
import { createThrowawayDatabase, openProviderApiDataSource, providerApiSchema } from './provider-access-test-support';

const DAY_MS = 24 * 60 * 60_000;

/** How long idempotency records are kept, and what they keep, on real PostgreSQL. */
describe('idempotency records over time', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let dataSource: DataSource;
  let store: IdempotencyStore;

  beforeAll(async () => {
    database = await createThrowawayDatabase('retention');
    dataSource = await openProviderApiDataSource(database.url);
    store = new IdempotencyStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Keys of the given provider, first used `daysAgo` days ago; every other one finished. */
  async function recordsOf(providerId: string, count: number, daysAgo: number): Promise<string[]> {
    const keys = Array.from({ length: count }, (_, i) => `${providerId}-${daysAgo}-${i}`);
    for (const [i, key] of keys.entries()) {
      await store.begin(providerId, key, 'fp');
      if (i % 2 === 0) await store.complete(providerId, key, 201, { journeyId: key });
    }
    await dataSource.query(
      `UPDATE provider_api.idempotency_records SET created_at = now() - $2 * interval '1 day' WHERE provider_id = $1`,
      [providerId, daysAgo],
    );
    return keys;
  }

  const remaining = async (providerId: string) =>
    Number(
      (
        await dataSource.query(`SELECT count(*) AS n FROM provider_api.idempotency_records WHERE provider_id = $1`, [
          providerId,
        ])
      )[0].n,
    );

  it('deletes records first used longer ago than the retention, finished or not, a batch at a time', async () => {
    const old = await recordsOf('prune-old', 7, 31);
    await recordsOf('prune-recent', 3, 29);
    expect(await store.prune(30 * DAY_MS, 2)).toBe(7);
    expect(await remaining('prune-old')).toBe(0);
    expect(await remaining('prune-recent')).toBe(3);
    // A pruned key is new again: a retry so late runs its (itself idempotent) command again.
    expect(await store.begin('prune-old', old[0] ?? '', 'fp')).toEqual({ kind: 'new' });
    expect(await store.prune(30 * DAY_MS)).toBe(0);
  });

  it('is run by the pruner at start-up, which lets a prune under way finish when the app shuts down', async () => {
    await recordsOf('pruner-old', 4, 8);
    await recordsOf('pruner-recent', 2, 6);
    const pruner = new IdempotencyPruner(store, {
      callerOf: () => undefined,
      retention: { afterMs: 7 * DAY_MS, everyMs: 60 * 60_000 },
    });
    pruner.onApplicationBootstrap();
    await pruner.onApplicationShutdown();
    expect(await remaining('pruner-old')).toBe(0);
    expect(await remaining('pruner-recent')).toBe(2);
  });

  it('prunes nothing without a retention', async () => {
    await recordsOf('kept', 2, 400);
    const pruner = new IdempotencyPruner(store, { callerOf: () => undefined });
    pruner.onApplicationBootstrap();
    await pruner.onApplicationShutdown();
    expect(await remaining('kept')).toBe(2);
  });

  it('cuts records of openings kept before down to the journey id when it migrates, and leaves the rest', async () => {
    const upgraded = await createThrowawayDatabase('upgrade');
    try {
      const options = schemaDataSourceOptions(providerApiSchema(upgraded.url));
      const before = new SchemaDataSource({
        ...options,
        migrations: (options.migrations as { name: string }[]).filter(
          (m) => m.name !== 'IdempotencyRetention1764921600000',
        ) as never,
      });
      await before.initialize();
      const opened = { journeyId: 'j-1', personRef: 'case-1042', status: 'open', whatMatters: [] };
      const commanded = { journeyId: 'j-1', events: [{ id: 'j-1:2', seq: 2, type: 'contact' }] };
      const refused = { type: '/problems/validation', status: 400, personRef: 'a problem is left as it is' };
      for (const [key, status, body] of [
        ['open', 201, opened],
        ['command', 201, commanded],
        ['refused', 400, refused],
      ] as const) {
        await before.query(
          `INSERT INTO provider_api.idempotency_records
             (provider_id, idempotency_key, request_fingerprint, status, response_status, response_body, completed_at)
           VALUES ('council-housing', $1, 'fp', 'completed', $2, $3, now())`,
          [key, status, JSON.stringify(body)],
        );
      }
      await before.destroy();

      const after = await openProviderApiDataSource(upgraded.url);
      try {
        const bodies = Object.fromEntries(
          (
            await after.query(
              `SELECT idempotency_key AS key, response_body AS body FROM provider_api.idempotency_records`,
            )
          ).map((r: { key: string; body: unknown }) => [r.key, r.body]),
        );
        expect(bodies).toEqual({ open: { journeyId: 'j-1' }, command: commanded, refused });
        const [index] = await after.query(
          `SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_idempotency_records_created_at'`,
        );
        expect(index?.indexdef).toContain('(created_at)');
      } finally {
        await after.destroy();
      }
    } finally {
      await upgraded.drop();
    }
  });
});

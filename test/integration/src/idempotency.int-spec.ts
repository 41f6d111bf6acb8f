import { IdempotencyStore } from '@waymark/idempotency';
import { DataSource } from 'typeorm';
import { createThrowawayDatabase, openProviderApiDataSource } from './provider-access-test-support';

/** The idempotency store on real PostgreSQL, in a database of its own made from the migrations. */
describe('IdempotencyStore on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof createThrowawayDatabase>>;
  let dataSource: DataSource;
  let other: DataSource; // a second pool of connections, as a second journey-api process would have
  let store: IdempotencyStore;
  let n = 0;
  const newKey = () => `key-${++n}`;

  beforeAll(async () => {
    database = await createThrowawayDatabase();
    dataSource = await openProviderApiDataSource(database.url);
    other = await openProviderApiDataSource(database.url);
    store = new IdempotencyStore(dataSource);
  });

  afterAll(async () => {
    await other?.destroy();
    await dataSource?.destroy();
    await database?.drop();
  });

  /** Moves the start of a key's current attempt into the past. */
  const age = (key: string, seconds: number) =>
    dataSource.query(
      `UPDATE provider_api.idempotency_records SET started_at = now() - $2 * interval '1 second'
       WHERE idempotency_key = $1`,
      [key, seconds],
    );

  it('claims a new key once; a repeat meanwhile finds it in progress', async () => {
    const key = newKey();
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'new' });
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'in-progress' });
  });

  it('replays the recorded response once complete', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await store.complete('council-housing', key, 201, { journeyId: 'j-1', tags: ['a', 'b'] });
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({
      kind: 'replay',
      status: 201,
      body: { journeyId: 'j-1', tags: ['a', 'b'] },
    });
  });

  it.each([
    ['a string', 'done'],
    ['null', null],
    ['an array', [1, { a: null }]],
    ['a number', 42],
  ])('replays %s as the body exactly', async (_, body) => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await store.complete('council-housing', key, 200, body);
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'replay', status: 200, body });
  });

  it('keeps the first response: a second completion changes nothing', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await store.complete('council-housing', key, 201, { first: true });
    await store.complete('council-housing', key, 500, { first: false });
    expect(await store.begin('council-housing', key, 'fp-1')).toMatchObject({ status: 201, body: { first: true } });
  });

  it('says mismatch when the key comes with another request, in progress or complete', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    expect(await store.begin('council-housing', key, 'fp-2')).toEqual({ kind: 'mismatch' });
    await store.complete('council-housing', key, 201, {});
    expect(await store.begin('council-housing', key, 'fp-2')).toEqual({ kind: 'mismatch' });
  });

  it('scopes keys per provider', async () => {
    const key = newKey();
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'new' });
    expect(await store.begin('food-bank', key, 'fp-2')).toEqual({ kind: 'new' });
  });

  it('frees a released key for a retry at once', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await store.release('council-housing', key);
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'new' });
  });

  it('lets a retry take over an attempt older than the lease, and renews the lease for it', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await age(key, 59);
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'in-progress' });
    await age(key, 61);
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'new' });
    expect(await store.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'in-progress' });
  });

  it('takes the lease length from its options', async () => {
    const shortLease = new IdempotencyStore(dataSource, 1_000);
    const key = newKey();
    await shortLease.begin('council-housing', key, 'fp-1');
    await age(key, 2);
    expect(await shortLease.begin('council-housing', key, 'fp-1')).toEqual({ kind: 'new' });
  });

  it('never takes over a completed key, however old', async () => {
    const key = newKey();
    await store.begin('council-housing', key, 'fp-1');
    await store.complete('council-housing', key, 201, { ok: true });
    await age(key, 3600);
    expect(await store.begin('council-housing', key, 'fp-1')).toMatchObject({ kind: 'replay' });
  });

  it('gives exactly one of two connections beginning the same key at once a "new"', async () => {
    const onOther = new IdempotencyStore(other);
    for (let round = 0; round < 20; round++) {
      const key = newKey();
      const results = await Promise.all([
        store.begin('council-housing', key, 'fp-1'),
        onOther.begin('council-housing', key, 'fp-1'),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['in-progress', 'new']);
    }
  });

  it('gives exactly one of two connections taking over the same expired lease a "new"', async () => {
    const onOther = new IdempotencyStore(other);
    for (let round = 0; round < 20; round++) {
      const key = newKey();
      await store.begin('council-housing', key, 'fp-1');
      await age(key, 120);
      const results = await Promise.all([
        store.begin('council-housing', key, 'fp-1'),
        onOther.begin('council-housing', key, 'fp-1'),
      ]);
      expect(results.map((r) => r.kind).sort()).toEqual(['in-progress', 'new']);
    }
  });
});

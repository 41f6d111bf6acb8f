import { JourneyEvent } from '@waymark/event-contracts';
import { measuresDataSourceOptions, MeasuresStore } from '@waymark/measures-store';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';

/** The projection store against real PostgreSQL, in a database of its own made from the migrations. */
describe('MeasuresStore on PostgreSQL', () => {
  const serverUrl = new URL(process.env['DATABASE_URL'] ?? '');
  const database = `waymark_it_${randomUUID().replace(/-/g, '')}`;
  let dataSource: DataSource;
  let store: MeasuresStore;

  const admin = async (sql: string) => {
    const server = await new DataSource({
      type: 'postgres',
      url: serverUrl.toString(),
    }).initialize();
    await server.query(sql).finally(() => server.destroy());
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    dataSource = await new DataSource(measuresDataSourceOptions(url.toString())).initialize();
    store = new MeasuresStore(dataSource);
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await admin(`DROP DATABASE IF EXISTS ${database}`);
  });

  const opened = (journeyId: string = randomUUID(), seq = 1): JourneyEvent => ({
    specversion: '1.0',
    id: `${journeyId}:${seq}`,
    source: '/waymark/journeys',
    subject: journeyId,
    time: '2026-10-01T09:00:00Z',
    recordedat: '2026-11-29T12:00:00.000Z',
    seq,
    datacontenttype: 'application/json',
    type: 'waymark.journey.opened.v1',
    data: {
      leadProviderId: 'council-housing',
      areaCode: 'E05000001',
      ageBand: '18-24',
    },
  });

  const processed = async (eventId: string) =>
    Number((await dataSource.query('SELECT count(*) AS n FROM processed_events WHERE event_id = $1', [eventId]))[0].n);

  it('builds its schema from the migrations alone', async () => {
    const migrations = await dataSource.query('SELECT name FROM migrations');
    expect(migrations.map((m: { name: string }) => m.name)).toEqual(['InitialSchema1764403200000']);
    expect(await dataSource.showMigrations()).toBe(false); // nothing pending
  });

  it('applies an event once, however often it is delivered', async () => {
    const before = await store.journeysOpened();
    const event = opened();
    expect(await store.apply([event])).toEqual({ applied: 1, duplicates: 0 });
    expect(await store.apply([event, event])).toEqual({
      applied: 0,
      duplicates: 2,
    });
    expect(await store.journeysOpened()).toBe(before + 1);
  });

  it('treats the same journey and seq under another id as a duplicate too', async () => {
    const event = opened();
    await store.apply([event]);
    const before = await store.journeysOpened();
    expect(await store.apply([{ ...event, id: `${randomUUID()}:1` }])).toEqual({
      applied: 0,
      duplicates: 1,
    });
    expect(await store.journeysOpened()).toBe(before);
  });

  it('writes nothing from a batch that fails part-way (dedupe records and projections commit together)', async () => {
    const existing = opened();
    await store.apply([existing]);
    const before = await store.journeysOpened();
    const fresh = opened();
    // A second "opened" for an existing journey at a new seq breaks the projection's primary key.
    const clash = opened(existing.subject, 2);
    await expect(store.apply([fresh, clash])).rejects.toThrow();
    expect(await store.journeysOpened()).toBe(before);
    expect(await processed(fresh.id)).toBe(0);
    // Redelivery of the good event alone then succeeds.
    expect(await store.apply([fresh])).toEqual({ applied: 1, duplicates: 0 });
  });
});

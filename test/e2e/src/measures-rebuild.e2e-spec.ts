import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import { PROJECTION_TABLES, REBUILD_SCHEMA } from '@waymark/measures-store';
import {
  commissionerClient,
  createThrowawayDatabase,
  eventually,
  issueCommissionerKey,
  journeyEventsTopicEnd,
  kafka,
  runOpsCli,
  RunningService,
  spawnOpsCli,
  startService,
  ThrowawayDatabase,
  testPort,
} from '@waymark/test-support';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/**
 * A rebuild gives back exactly the figures the live projections showed. measures-service consumes the whole
 * journey-events topic live into a database of its own; its figures are read; then it is stopped, `ops-cli
 * measures rebuild` replays into fresh tables and swaps them in, the service starts again from where the rebuild
 * left its consumer group, and every figure (JSON, CSV, charts) must be the same. A rebuild killed halfway, or
 * while it swaps its tables in, leaves the live projections as they were, and the next one starts clean.
 */

const PORT = testPort(3160);
const logDir = join(__dirname, '../../../tmp/e2e-logs/measures-rebuild');
const group = `e2e-rebuild-${randomBytes(3).toString('hex')}`;

/** True once the group has committed up to `end` on every partition. */
async function caughtUp(end: Map<number, bigint>): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: group, topics: [JOURNEY_EVENTS_TOPIC] });
    const committed = new Map(topic.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return [...end].every(([partition, offset]) => offset === 0n || (committed.get(partition) ?? -1n) >= offset);
  } finally {
    await admin.disconnect();
  }
}

async function damageProjectionsAndOffsets(url: string): Promise<void> {
  const db = await new DataSource({ type: 'postgres', url }).initialize();
  await db
    .query(
      `DELETE FROM measure_counts WHERE grain <> 'day'; UPDATE measure_closures SET final = final + 1;
       DELETE FROM measure_values WHERE provider_id = ''; UPDATE closures SET final = NOT final`,
    )
    .finally(() => db.destroy());
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .resetOffsets({ groupId: group, topic: JOURNEY_EVENTS_TOPIC, earliest: true })
    .finally(() => admin.disconnect());
}

/** Every row of every projection table, in order, as one digest (the watermark without when it last moved). */
async function projectionsDigest(db: DataSource): Promise<Record<string, string>> {
  const digest: Record<string, string> = {};
  for (const table of PROJECTION_TABLES) {
    // When a row was written is not part of what it says.
    const rows =
      table === 'projection_watermark'
        ? `(SELECT last_recorded_at, events_applied FROM ${table})`
        : table === 'held_events'
          ? `(SELECT journey_id, seq, event FROM ${table})`
          : table;
    const [{ md5 }] = await db.query(`SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS md5 FROM ${rows} t`);
    digest[table] = md5;
  }
  return digest;
}

/** Waits until a session waits for a lock `which` describes (a pg_locks condition). */
async function someoneWaitsFor(db: DataSource, which: string, params: unknown[]): Promise<void> {
  await eventually(
    async () => (await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE NOT granted AND ${which}`, params))[0].n,
    (n: number) => n > 0,
  );
}

const rebuildSchemaExists = async (db: DataSource) =>
  (await db.query(`SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1`, [REBUILD_SCHEMA]))[0].n === 1;

describe('measures rebuild', () => {
  let database: ThrowawayDatabase;
  let measures: RunningService | undefined;
  let env: Record<string, string>;
  let key: string;
  let liveFigures: string[];

  // Whole months and whole weeks (the API publishes no other periods), from about 1,000 days ago to now.
  const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const now = new Date();
  const thousandDaysAgo = new Date(Date.now() - 1000 * 86_400_000);
  const from = date(Date.UTC(thousandDaysAgo.getUTCFullYear(), thousandDaysAgo.getUTCMonth(), 1));
  const to = date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 0));
  const weekday = (d: string) => (new Date(d).getUTCDay() + 6) % 7; // Monday = 0
  const weekFrom = date(Date.parse(from) - weekday(from) * 86_400_000);
  const weekTo = date(Date.parse(to) + (6 - weekday(to)) * 86_400_000);
  const READS = [
    `/v1/measures?from=${from}&to=${to}`,
    `/v1/measures?from=${from}&to=${to}&groupBy=month&provider=council-housing`,
    `/v1/measures?from=${weekFrom}&to=${weekTo}&groupBy=week&format=csv`,
    `/v1/measures/end-to-end-days/xmr?from=${weekFrom}&to=${weekTo}&by=week`,
    `/v1/measures/end-to-end-days/xmr?from=${from}&to=${to}&by=closure-group&limit=1000`,
  ];

  /** Every read, without the freshness stamp (when the projections were last written differs by design). */
  async function figures(): Promise<string[]> {
    const client = commissionerClient((measures as RunningService).url, key);
    return Promise.all(
      READS.map(async (path) => {
        const response = await client.get(path);
        expect(response.status).toBe(200);
        const body = await response.text();
        if (path.includes('format=csv')) return body;
        const { freshness, ...rest } = JSON.parse(body);
        expect(freshness.lastEventRecordedAt).not.toBeNull();
        return JSON.stringify(rest);
      }),
    );
  }

  const start = () => startService('measures-service', PORT, env, { logDir });

  beforeAll(async () => {
    database = await createThrowawayDatabase('rebuild');
    // Threshold 1 (counts shown from 5), so the comparison covers real numbers rather than mostly suppression markers.
    env = { DATABASE_URL: database.url, MEASURES_CONSUMER_GROUP: group, DISCLOSURE_THRESHOLD: '1' };
    runOpsCli(['rates', 'set', 'council-housing', '31.40'], env);
    key = issueCommissionerKey(`e2e-rebuild`, { databaseUrl: database.url });
  });

  afterAll(async () => {
    await measures?.stop();
    await database?.drop();
  });

  it('replays the topic into the same figures the live projections showed', async () => {
    measures = await start();
    const end = await journeyEventsTopicEnd();
    await eventually(() => caughtUp(end), Boolean, 120_000);
    const live = await figures();

    // While the service consumes, the rebuild refuses rather than fight it for the group.
    const refused = runOpsCli(['measures', 'rebuild'], env);
    expect(refused.code).toBe(75);
    expect(refused.stderr).toContain('stop measures-service');

    expect(await measures.stop()).toBe(0);
    measures = undefined;
    // Damage the projections and lose the group's place, so only a real replay can give the figures back.
    await damageProjectionsAndOffsets(database.url);
    expect(await caughtUp(end)).toBe(false);
    const rebuild = runOpsCli(['measures', 'rebuild', '--progress-every', '0.5'], env);
    expect(rebuild.stderr).toBe('');
    expect(rebuild.code).toBe(0);
    expect(rebuild.stdout).toMatch(/rebuilt from \d+ events/);
    expect(await caughtUp(end)).toBe(true); // the service carries on from where the replay stopped

    measures = await start();
    expect(await figures()).toEqual(live);
    liveFigures = live;
  }, 240_000);

  it('leaves the live projections as they were when a rebuild is killed halfway or while swapping in', async () => {
    await (measures as RunningService).stop();
    measures = undefined;
    const end = await journeyEventsTopicEnd();
    const db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    const blocker = db.createQueryRunner();
    try {
      const before = await projectionsDigest(db);
      const killWhen = async (blocked: () => Promise<void>) => {
        const rebuild = spawnOpsCli(['measures', 'rebuild'], env);
        const exited = new Promise((resolve) => rebuild.once('exit', resolve));
        await blocked();
        rebuild.kill('SIGKILL');
        await exited;
        await blocker.rollbackTransaction();
        // The killed command's sessions end (and roll back) once PostgreSQL notices it is gone.
        await eventually(
          async () =>
            (
              await db.query(
                `SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name LIKE 'waymark-measures%'`,
              )
            )[0].n,
          (n: number) => n === 0,
        );
      };

      // Halfway: one journey's batch waits for the lock the store takes per journey, the others are applied.
      const [{ id }] = await db.query(`SELECT journey_id::text AS id FROM journey_facts ORDER BY journey_id LIMIT 1`);
      await blocker.startTransaction();
      await blocker.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [id]);
      await killWhen(() => someoneWaitsFor(db, `locktype = 'advisory'`, []));
      expect(await rebuildSchemaExists(db)).toBe(true); // left behind, for the next rebuild to drop
      expect(await projectionsDigest(db)).toEqual(before);

      // While swapping in: the swap waits for a live table a reader holds, so it has begun and not finished.
      await blocker.startTransaction();
      await blocker.query(`LOCK TABLE measure_values IN ACCESS SHARE MODE`);
      await killWhen(() => someoneWaitsFor(db, `relation = 'measure_values'::regclass`, []));
      expect(await projectionsDigest(db)).toEqual(before);
      expect(await caughtUp(end)).toBe(true); // the consumer group was not moved either

      const rebuild = runOpsCli(['measures', 'rebuild'], env);
      expect(rebuild.code).toBe(0);
      expect(await rebuildSchemaExists(db)).toBe(false);
      expect(await projectionsDigest(db)).toEqual(before);
      measures = await start();
      expect(await figures()).toEqual(liveFigures);
    } finally {
      if (blocker.isTransactionActive) await blocker.rollbackTransaction();
      await blocker.release();
      await db.destroy();
    }
  }, 120_000);
});

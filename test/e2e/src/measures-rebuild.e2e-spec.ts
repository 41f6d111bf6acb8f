import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import {
  commissionerClient,
  createThrowawayDatabase,
  eventually,
  issueCommissionerKey,
  journeyEventsTopicEnd,
  kafka,
  runOpsCli,
  RunningService,
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
 * measures rebuild` empties and replays, the service starts again from where the rebuild left its consumer group,
 * and every figure (JSON, CSV, charts) must be the same.
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

describe('measures rebuild', () => {
  let database: ThrowawayDatabase;
  let measures: RunningService | undefined;
  let env: Record<string, string>;
  let key: string;

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
  }, 240_000);
});

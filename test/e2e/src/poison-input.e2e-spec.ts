import { journeyIdFor } from '@waymark/journey-client';
import { JOURNEY_EVENTS_DLQ_TOPIC, JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import {
  createThrowawayDatabase,
  eventually,
  findMessage,
  hasConsumed,
  issueKey,
  journeyEventsTopicEnd,
  json,
  kafka,
  produceRaw,
  providerClient,
  publishedEventsOf,
  runOpsCli,
  RunningService,
  sleep,
  startService,
  testPort,
  ThrowawayDatabase,
} from '@waymark/test-support';
import { Partitioners } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { MeasuresQueries, moveConsumerGroup } from '@waymark/measures-store';

/**
 * Issue 9, part 3: one request could freeze part of the figures for good. Dates outside the pilot are refused at the
 * door; an event the projection store keeps failing on is set aside (dead-lettered) after a bounded number of tries
 * while the rest of its partition flows on; `ops-cli dead-letters replay` brings it back once the cause is gone;
 * and an outage of the database sets nothing aside.
 *
 * The poison is real: a trigger in this suite's own projection database refuses one journey's facts (the database
 * answers everything else), and dropping the trigger is the fix. The outage is real too: the database refuses and
 * drops this suite's connections for a while, as a restart does.
 */

const PROVIDER = 'council-housing';
const logDir = join(__dirname, '../../../tmp/e2e-logs/poison-input');
const group = `e2e-poison-${randomBytes(3).toString('hex')}`;
const newArea = () => `E2E-P${randomBytes(3).toString('hex').toUpperCase()}`;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** The journey-events topic's partitions, as the broker has them (read in beforeAll). */
let partitions = 0;
const partitioner = Partitioners.DefaultPartitioner();
const partitionOf = (key: string) => {
  const partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({
    partitionId,
    leader: 1,
    partitionErrorCode: 0,
    replicas: [1],
    isr: [1],
  }));
  return partitioner({ topic: JOURNEY_EVENTS_TOPIC, partitionMetadata, message: { key, value: null } });
};

/** Idempotency keys for `count` journeys, the first `samePartition` of them on the partition of the first. */
function keysSharingAPartition(count: number, samePartition: number): string[] {
  const first = randomUUID();
  const target = partitionOf(journeyIdFor(PROVIDER, first));
  const keys = [first];
  while (keys.length < samePartition) {
    const key = randomUUID();
    if (partitionOf(journeyIdFor(PROVIDER, key)) === target) keys.push(key);
  }
  while (keys.length < count) keys.push(randomUUID());
  return keys;
}

describe('poison input', () => {
  let database: ThrowawayDatabase;
  let services: RunningService[] = [];
  let measures: RunningService;
  let provider: ReturnType<typeof providerClient>;
  let env: Record<string, string>;

  /**
   * Journeys opened and contacts in `area`, exactly, as the projections hold them: the commissioners' API shows counts
   * this small only as withheld (decision 0013).
   */
  const figures = async (area: string) => {
    const db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    try {
      const periods = await new MeasuresQueries(db).periods({ from: day(-2), to: day(1), area, groupBy: 'none' });
      const activity = periods.periods.get(day(-2))?.activity ?? {};
      return { opened: activity['opened'] ?? 0, contacts: activity['contact'] ?? 0 };
    } finally {
      await db.destroy();
    }
  };
  const metric = async (line: RegExp) => {
    const text = await (await fetch(`${measures.managementUrl}/metrics`)).text();
    return Number(line.exec(text)?.[1] ?? 0);
  };
  const poisonCount = () => metric(/^waymark_measures_poison_events_total (\d+)$/m);
  const deadLetterCount = () => metric(/^waymark_measures_dead_letters_total (\d+)$/m);
  const open = async (areaCode: string, key: string = randomUUID()) => {
    const response = await provider.post(
      '/v1/journeys',
      { personRef: 'case-e2e-poison', areaCode, ageBand: '25-34', occurredAt: hoursAgo(2) },
      key,
    );
    expect(response.status).toBe(201);
    return (await json<{ journeyId: string }>(response)).journeyId;
  };
  const contact = async (journeyId: string) => {
    const body = {
      occurredAt: hoursAgo(1),
      channel: 'phone',
      minutesSpent: 10,
      demand: 'value',
      valueKind: 'progress',
    };
    expect((await provider.post(`/v1/journeys/${journeyId}/contacts`, body)).status).toBe(201);
  };
  const onProjectionDatabase = async (sql: string) => {
    const db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    await db.query(sql).finally(() => db.destroy());
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase('poison');
    env = {
      DATABASE_URL: database.url,
      MEASURES_CONSUMER_GROUP: group,
      DISCLOSURE_THRESHOLD: '1',
      MEASURES_BATCH_TRIES: '3',
      MEASURES_RETRY_BACKOFF_MS: '100',
      MEASURES_RETRY_MAX_BACKOFF_MS: '1000',
    };
    expect(runOpsCli(['rates', 'list'], env).code).toBe(0); // brings the projection schema up
    // Only what this suite publishes: the group starts at the topic's end.
    const end = await journeyEventsTopicEnd();
    partitions = end.size;
    await moveConsumerGroup(
      kafka,
      group,
      [...end].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
    );
    services = await Promise.all([
      startService('measures-service', testPort(3190), env, { logDir }),
      startService('journey-worker', testPort(3191), {}, { logDir }),
      startService('journey-api', testPort(3192), {}, { logDir }),
    ]);
    measures = services[0];
    provider = providerClient(services[2].url, issueKey(PROVIDER));
  });

  afterAll(async () => {
    await Promise.all(services.map((s) => s.stop()));
    await database?.drop();
  });

  it('refuses occurredAt before the pilot epoch or in the future, on opening and on commands (422)', async () => {
    const area = newArea();
    const refused = async (path: string, body: Record<string, unknown>, rule: string) => {
      const response = await provider.post(path, body);
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(await response.json()).toMatchObject({
        type: '/problems/rule-violated',
        rule,
        errors: [{ field: 'occurredAt', rule }],
      });
    };
    const openBody = { personRef: 'case-e2e-dates', areaCode: area, ageBand: '25-34' };
    await refused('/v1/journeys', { ...openBody, occurredAt: '0050-06-01T12:00:00Z' }, 'occurred-before-pilot-epoch');
    await refused('/v1/journeys', { ...openBody, occurredAt: '1900-01-01T00:00:00Z' }, 'occurred-before-pilot-epoch');
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await refused('/v1/journeys', { ...openBody, occurredAt: tomorrow }, 'occurred-at-in-future');

    // Two hours ago, written as local time at +01:00: accepted, and every event writes it in UTC with milliseconds.
    const at = Date.now() - 2 * 3_600_000;
    const occurredAt = new Date(at + 3_600_000).toISOString().replace('Z', '+01:00');
    const response = await provider.post('/v1/journeys', { ...openBody, occurredAt });
    expect(response.status).toBe(201);
    const { journeyId } = await json<{ journeyId: string }>(response);
    const contactBody = { channel: 'phone', minutesSpent: 10, demand: 'value', valueKind: 'progress' };
    const path = `/v1/journeys/${journeyId}/contacts`;
    await refused(path, { ...contactBody, occurredAt: '1900-01-01T00:00:00Z' }, 'occurred-before-pilot-epoch');
    await refused(path, { ...contactBody, occurredAt: tomorrow }, 'occurred-at-in-future');

    // Only the valid journey was started.
    await eventually(
      () => figures(area),
      (f) => f.opened === 1,
    );
    const opened = await findMessage(JOURNEY_EVENTS_TOPIC, (m) => m.key?.toString() === journeyId);
    expect(JSON.parse(String(opened.value))).toMatchObject({ seq: 1, time: new Date(at).toISOString() });
  });

  it('sets a poison event aside after bounded tries, keeps its partition flowing, and replays it after the fix', async () => {
    const area = newArea();
    const keys = keysSharingAPartition(12, 4); // the poison journey and three others on one partition
    const poisonId = journeyIdFor(PROVIDER, keys[0]);
    await onProjectionDatabase(`
      CREATE FUNCTION e2e_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.journey_id = '${poisonId}' THEN RAISE EXCEPTION 'e2e poison: journey % cannot be written', NEW.journey_id; END IF;
        RETURN NEW;
      END $$;
      CREATE TRIGGER e2e_poison BEFORE INSERT OR UPDATE ON journey_facts FOR EACH ROW EXECUTE FUNCTION e2e_poison();`);
    const deadBefore = await deadLetterCount();

    const journeyIds: string[] = [];
    for (const key of keys) journeyIds.push(await open(area, key));
    expect(journeyIds[0]).toBe(poisonId);
    await contact(poisonId); // seq 2: held behind its opening, which is set aside (decision 0010)
    await contact(journeyIds[1]); // same partition, after the poison

    // The other eleven journeys, including those behind the poison on its partition, reach the figures.
    await eventually(
      () => figures(area),
      (f) => f.opened === 11 && f.contacts === 1,
      60_000,
    );
    const dead = await findMessage(
      JOURNEY_EVENTS_DLQ_TOPIC,
      (m) => m.key?.toString() === poisonId && m.headers?.['dlq-group']?.toString() === group,
    );
    expect(dead.headers?.['dlq-kind']?.toString()).toBe('failed');
    expect(dead.headers?.['dlq-reason']?.toString()).toMatch(
      /^applying it failed 3 times while the database answered: e2e poison: journey .* cannot be written/,
    );
    expect(JSON.parse(String(dead.value))).toMatchObject({ id: `${poisonId}:1`, seq: 1 });
    expect(await poisonCount()).toBe(1);
    await eventually(deadLetterCount, (n) => n === deadBefore + 1); // the poison only: its contact waits, held

    const opsEnv = { MEASURES_CONSUMER_GROUP: group };
    const listed = runOpsCli(['dead-letters', 'list'], opsEnv);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`failed +${poisonId}:1 +opened\\.v1 +no +applying it failed 3 times`));
    expect(listed.stdout).toContain(`1 dead letter of "${group}", 1 not replayed yet`);

    const endBefore = await journeyEventsTopicEnd();
    const checked = runOpsCli(['dead-letters', 'replay', '--check'], opsEnv);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(`would be replayed`);
    expect(checked.stdout).toContain(`1 of "${group}"'s dead letters would be replayed`);
    expect(await journeyEventsTopicEnd()).toEqual(endBefore); // nothing published

    await onProjectionDatabase(`DROP TRIGGER e2e_poison ON journey_facts`); // the fix
    const replayed = runOpsCli(['dead-letters', 'replay'], opsEnv);
    expect(replayed.stderr).toBe('');
    expect(replayed.code).toBe(0);
    expect(replayed.stdout.split('\n')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^replayed \\d+: ${poisonId}:1 opened\\.v1$`)),
        `replayed 1 of "${group}"'s dead letters to ${JOURNEY_EVENTS_TOPIC}`,
      ]),
    );
    await eventually(
      () => figures(area),
      (f) => f.opened === 12 && f.contacts === 2,
      60_000,
    );

    // A second replay remembers the first; the same event delivered yet again changes nothing either.
    const again = runOpsCli(['dead-letters', 'replay'], opsEnv);
    expect(again.stdout.trim()).toBe(`nothing to replay: every dead letter of "${group}" has been replayed`);
    const sent = await produceRaw(poisonId, [String(dead.value)]);
    await eventually(() => hasConsumed(group, sent), Boolean);
    expect(await figures(area)).toEqual({ opened: 12, contacts: 2 });
    expect(runOpsCli(['dead-letters', 'list'], opsEnv).stdout).toContain(`1 dead letter of "${group}", 0 not replayed`);
  }, 120_000);

  it('waits out a database outage and sets nothing aside for it', async () => {
    const area = newArea();
    const [poisonBefore, deadBefore] = [await poisonCount(), await deadLetterCount()];
    const unavailableTries = () => metric(/^waymark_measures_failed_tries_total\{database="unavailable"\} (\d+)$/m);
    const triesBefore = await unavailableTries();
    const name = new URL(database.url).pathname.slice(1);
    const server = await new DataSource({ type: 'postgres', url: process.env['DATABASE_URL'] }).initialize();
    try {
      // What a restart does to the service: its connections are dropped, and new ones refused until it is back.
      await server.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS false`);
      await server.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
      const journeyIds = [await open(area), await open(area), await open(area)];
      await publishedEventsOf(journeyIds[2], 1);
      // Far more failed tries than MEASURES_BATCH_TRIES (3): had they counted, the events would be set aside.
      await eventually(unavailableTries, (n) => n >= triesBefore + 6, 60_000);
      await sleep(1000);
    } finally {
      await server.query(`ALTER DATABASE ${name} WITH ALLOW_CONNECTIONS true`);
      await server.destroy();
    }
    await eventually(
      () => figures(area),
      (f) => f.opened === 3,
      60_000,
    );
    expect(await poisonCount()).toBe(poisonBefore);
    expect(await deadLetterCount()).toBe(deadBefore);
  }, 120_000);
});

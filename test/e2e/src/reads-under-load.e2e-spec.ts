import type { JourneyEvent } from '@waymark/event-contracts';
import type { Problem } from '@waymark/http';
import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import {
  commissionerClient,
  createThrowawayDatabase,
  eventually,
  issueCommissionerKey,
  journeyEvents,
  kafka,
  RunningService,
  sleep,
  startConsumerGroupAtEnd,
  startService,
  testPort,
  ThrowawayDatabase,
  wholeWeeks,
} from '@waymark/test-support';
import type { Producer } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';

/**
 * Many commissioners at once (issue 9): 50 readers ask for two years of weekly figures as fast as they are
 * answered while journeys stream in. Every request is answered — 200, or 503 `/problems/overloaded` with
 * Retry-After — none hangs or is cut off; the service stays ready and alive, the projection keeps applying
 * (on connections readers cannot take), and SIGTERM in the middle of it all ends the process promptly.
 *
 * measures-service runs on a database of its own with a consumer group that starts at the end of the topic, so it
 * applies exactly the journeys this file sends. Its reads are given fewer connections and a short queue than by
 * default, so both refusals (queue full, waited too long) happen here too.
 */

const PORT = testPort(3170);
const logDir = join(__dirname, '../../../tmp/e2e-logs/reads-under-load');
const run = randomBytes(3).toString('hex');
const READERS = 50;
const LOAD_MS = 12_000;
/** A request not answered in this time counts as hung (a read's statements time out after 10 s). */
const HUNG_MS = 30_000;

const today = new Date().toISOString().slice(0, 10);
const twoYearsAgo = new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10);
const weeks = wholeWeeks(twoYearsAgo, today);
const WEEKLY = `/v1/measures?from=${weeks.from}&to=${weeks.to}&groupBy=week`;

type Outcome =
  | { kind: 'answered'; status: number; retryAfter: string | null; problem?: Problem }
  | { kind: 'failed'; error: string };

/**
 * `READERS` clients, each sending its next request as soon as the last is answered, until `signal` aborts. As
 * clients should, one told to come back later waits `Retry-After` seconds first — unless `pushy`.
 */
async function readers(url: string, key: string, signal: AbortSignal, pushy = false): Promise<Outcome[]> {
  const client = commissionerClient(url, key);
  const outcomes: Outcome[] = [];
  const reader = async () => {
    while (!signal.aborted) {
      const outcome = await read(client);
      outcomes.push(outcome);
      if (outcome.kind === 'failed')
        await sleep(100); // e.g. refused once the service has stopped
      else if (outcome.retryAfter && !pushy) await pause(Number(outcome.retryAfter) * 1000, signal);
    }
  };
  await Promise.all(Array.from({ length: READERS }, reader));
  return outcomes;
}

/** Sleeps `ms`, or less if `signal` aborts first. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

async function read(client: ReturnType<typeof commissionerClient>): Promise<Outcome> {
  try {
    const response = await client.get(WEEKLY, AbortSignal.timeout(HUNG_MS));
    const body = await response.text();
    const problem = response.status === 200 ? undefined : (JSON.parse(body) as Problem);
    return { kind: 'answered', status: response.status, retryAfter: response.headers.get('retry-after'), problem };
  } catch (error) {
    return { kind: 'failed', error: String((error as Error).cause ?? error) };
  }
}

/** Journeys of one provider, opened, worked on and closed today: five events each, as a workflow stamps them. */
function journey(n: number): JourneyEvent[] {
  const j = journeyEvents();
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
  const providerId = `e2e-load-${run}`;
  const contact = { providerId, channel: 'phone', minutesSpent: 10 + (n % 20) } as const;
  return [
    j.event('opened', at(0), { leadProviderId: providerId, areaCode: 'E05000001', ageBand: '25-34' }),
    n % 3 === 0
      ? j.event('contact-recorded', at(1), { ...contact, demand: 'failure', failureReason: 'chasing-progress' })
      : j.event('contact-recorded', at(1), { ...contact, demand: 'value', valueKind: 'new-need' }),
    j.event('assessment-recorded', at(2), { providerId, assessmentType: 'needs', minutesSpent: 5 }),
    j.event('progress-rated', at(3), { providerId, rating: n % 11 }),
    j.event('closed', at(4), { providerId, outcome: 'unresolved', reason: 'disengaged' }),
  ];
}

/** Sends journeys at a steady pace until `signal` aborts; resolves with how many events went out. */
async function journeyLoad(producer: Producer, signal: AbortSignal, perTick = 5, tickMs = 100): Promise<number> {
  let sent = 0;
  for (let n = 0; !signal.aborted; n += perTick) {
    const events = Array.from({ length: perTick }, (_, i) => journey(n + i)).flat();
    await producer.send({
      topic: JOURNEY_EVENTS_TOPIC,
      acks: -1,
      messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
    sent += events.length;
    await sleep(tickMs);
  }
  return sent;
}

describe('reads under load', () => {
  let database: ThrowawayDatabase;
  let db: DataSource;
  let producer: Producer;
  let key: string;
  let measures: RunningService | undefined;
  let sent = 0;

  const env = () => ({
    DATABASE_URL: database.url,
    MEASURES_CONSUMER_GROUP: `e2e-reads-under-load-${run}`,
    MEASURES_READ_CONNECTIONS: '4',
    MEASURES_READ_QUEUE_LIMIT: '20',
    MEASURES_READ_QUEUE_TIMEOUT_MS: '2000',
  });
  const eventsApplied = async () =>
    Number((await db.query(`SELECT events_applied FROM projection_watermark`))[0].events_applied);
  const probe = async (path: string) => {
    const response = await fetch(`${(measures as RunningService).managementUrl}${path}`);
    return { status: response.status, body: await response.json() };
  };

  beforeAll(async () => {
    database = await createThrowawayDatabase('reads_load');
    await startConsumerGroupAtEnd(env().MEASURES_CONSUMER_GROUP);
    measures = await startService('measures-service', PORT, env(), { logDir });
    db = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    key = issueCommissionerKey(`e2e-load-${run}`, { databaseUrl: database.url });
    producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    // Something to read: two seconds' worth of journeys, applied before the load starts.
    sent = await journeyLoad(producer, AbortSignal.timeout(2_000), 25);
    await eventually(eventsApplied, (n) => n === sent, 30_000);
  });

  afterAll(async () => {
    await measures?.stop();
    await producer?.disconnect();
    await db?.destroy();
    await database?.drop();
  });

  it('answers every one of 50 concurrent readers, 200 or 503 with Retry-After, while the projection applies', async () => {
    const stop = AbortSignal.timeout(LOAD_MS);
    const [outcomes, loaded] = await Promise.all([
      readers((measures as RunningService).url, key, stop),
      journeyLoad(producer, stop),
    ]);
    sent += loaded;

    expect(outcomes.filter((o) => o.kind === 'failed')).toEqual([]); // no hang, no connection reset
    const answered = outcomes.filter((o) => o.kind === 'answered');
    const ok = answered.filter((o) => o.status === 200);
    const refused = answered.filter((o) => o.status !== 200);
    expect(ok.length).toBeGreaterThan(READERS);
    expect(refused.length).toBeGreaterThan(0); // 50 at once are more than 2 running and 20 waiting
    for (const o of refused) {
      expect(o).toMatchObject({ status: 503, problem: { type: '/problems/overloaded', status: 503 } });
      expect(Number(o.retryAfter)).toBeGreaterThan(0);
    }

    // Still ready and alive, and the projection caught up with every journey sent during the load.
    expect(await probe('/health/ready')).toEqual({
      status: 200,
      body: { status: 'ok', checks: expect.any(Object), details: expect.any(Object) },
    });
    expect(await probe('/health/live')).toEqual({
      status: 200,
      body: { status: 'ok', checks: { reads: 'up', projection: 'up' } },
    });
    await eventually(eventsApplied, (n) => n === sent, 30_000);
    const figures = await commissionerClient((measures as RunningService).url, key).get(WEEKLY);
    expect(figures.status).toBe(200);
  }, 90_000);

  it('stops promptly on SIGTERM while readers that ignore Retry-After and the projection are busy', async () => {
    const service = measures as RunningService;
    const stop = new AbortController();
    const load = Promise.all([readers(service.url, key, stop.signal, true), journeyLoad(producer, stop.signal)]);
    await sleep(3_000);
    const signalled = performance.now();
    const code = await service.stop();
    const tookMs = performance.now() - signalled;
    measures = undefined;
    stop.abort();
    const [outcomes, loaded] = await load;
    sent += loaded;
    expect(code).toBe(0); // every shutdown hook ran, well inside SHUTDOWN_TIMEOUT_MS (10 s)
    expect(tookMs).toBeLessThan(10_000);
    // Requests after the end are refused by the closed port; none was left hanging.
    expect(outcomes.filter((o) => o.kind === 'failed' && /TimeoutError|aborted/i.test(o.error))).toEqual([]);
  }, 60_000);

  it('fails liveness, not readiness, while reads cannot move, and recovers when they can', async () => {
    // A read held up far longer than any statement should take: here by a lock the test holds on a rollup.
    measures = await startService(
      'measures-service',
      PORT,
      { ...env(), MEASURES_STALL_TIMEOUT_MS: '2000', MEASURES_READ_STATEMENT_TIMEOUT_MS: '60000' },
      { logDir },
    );
    await eventually(eventsApplied, (n) => n === sent, 30_000); // the projection has nothing left to do
    const lock = db.createQueryRunner();
    await lock.startTransaction();
    try {
      await lock.query('LOCK TABLE measure_counts IN ACCESS EXCLUSIVE MODE');
      const held = commissionerClient(measures.url, key).get(WEEKLY);
      const live = await eventually(
        () => probe('/health/live'),
        (p) => p.status === 503,
      );
      expect(live.body).toEqual({ status: 'error', checks: { reads: 'down', projection: 'up' } });
      expect((await probe('/health/ready')).status).toBe(200); // its dependencies answer: it is not their fault
      await lock.rollbackTransaction();
      expect((await held).status).toBe(200);
      expect(await probe('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    } finally {
      if (lock.isTransactionActive) await lock.rollbackTransaction();
      await lock.release();
    }
  }, 60_000);
});

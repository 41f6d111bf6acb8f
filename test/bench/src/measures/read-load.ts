/**
 * Many commissioners at once while journeys stream in (issue 9): `--readers` clients each ask for two years of
 * weekly figures as soon as their last answer came, for `--seconds`, while `--journeys` journeys a second (five
 * events each, recorded now) go onto the topic for measures-service to project. measures-service runs with its
 * default limits (six read connections, a queue of 100 for 5 s, then 503 with Retry-After).
 *
 *   node -r @swc-node/register test/bench/src/measures/read-load.ts [--readers=50] [--seconds=60] \
 *     [--journeys=50] [--port=3150]
 *
 * Prints the answers per second, latency p50/p95/p99/max (of the 200s and of every answer), the share of 503s,
 * anything that was not an answer (a hang past 30 s, a reset), freshness during the load (the service's own
 * histogram, recorded → committed per event), how long the projection took to catch up once the load stopped, its
 * readiness and liveness afterwards, and where the CPU went.
 *
 * Needs the stack variables of a stack of one's own (bench-env.ts) whose projections hold journeys to read
 * (seed-topic.ts + rebuild.ts), the apps built, and measures-service not running (this starts it on <port>, its
 * management server on <port>+500, log in tmp/bench-logs/, and stops it).
 */
import type { JourneyEvent } from '@waymark/event-contracts';
import { CostRates, measuresDataSourceOptions, MeasuresProjector } from '@waymark/measures-store';
import {
  commissionerClient,
  issueCommissionerKey,
  journeyEvents,
  RunningService,
  sleep,
  startService,
} from '@waymark/test-support';
import { Kafka, logLevel, Partitioners, Producer } from 'kafkajs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { cpuAvailable, CpuTarget, snapshot, stackTargets, usageBetween } from '../cpu';
import { describeHistogram, Histogram, histogramQuantile, parseHistogram } from '../freshness';
import { loadAtStart, machineLine } from '../report';
import { percentile } from '../stats';
import { benchTarget, flags, int, intFlag, JOURNEY_EVENTS_TOPIC, required, say } from './bench-env';
import { AREAS, PROVIDERS } from './synthetic';

const root = join(__dirname, '../../../..');
const HUNG_MS = 30_000;
const LAG = 'waymark_measures_projection_lag_seconds';

interface Answer {
  start: number;
  ms: number;
  /** 0: no answer (hung past HUNG_MS, or the connection failed). */
  status: number;
  retryAfter: boolean;
  error?: string;
}

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['readers', 'seconds', 'journeys', 'port']);
  const readers = intFlag(options, 'readers', 50);
  const seconds = intFlag(options, 'seconds', 60);
  const journeysPerSecond = intFlag(options, 'journeys', 50);
  const port = intFlag(options, 'port', 3150);
  const databaseUrl = benchTarget('DATABASE_URL');
  const brokers = benchTarget('KAFKA_BROKERS').split(',');
  const startedAt = new Date();
  const load = loadAtStart();

  const db = await new DataSource({ ...measuresDataSourceOptions(databaseUrl), migrationsRun: false }).initialize();
  const store = new MeasuresProjector(db);
  const rates = new CostRates(db);
  for (const [i, provider] of PROVIDERS.entries()) await rates.set(provider, (30 + 2.5 * i).toFixed(2));
  const [{ journeys }] = await db.query(`SELECT count(*)::int AS journeys FROM journey_facts`);
  say(`projections of ${int(journeys)} journeys; starting measures-service on 127.0.0.1:${port}`);
  const key = issueCommissionerKey('bench-commissioner', { label: 'read-load benchmark' });
  const service = await startService('measures-service', port, {}, { logDir: join(root, 'tmp/bench-logs') });
  process.once('SIGINT', () => void service.stop().then(() => process.exit(130)));

  const kafka = new Kafka({ clientId: 'bench-read-load', brokers, logLevel: logLevel.WARN });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  const targets: CpuTarget[] = [
    { name: 'measures-service', pids: service.pid ? [service.pid] : [] },
    ...stackTargets(required('WAYMARK_DATA_DIR')),
    { name: 'this runner (readers, journeys)', pids: [process.pid] },
  ];
  try {
    const appliedBefore = (await store.watermark()).eventsApplied;
    const lagBefore = await lagHistogram(service);
    const cpuBefore = cpuAvailable() ? snapshot(targets, performance.now()) : undefined;
    const t0 = performance.now();
    const stop = AbortSignal.timeout(seconds * 1000);
    const [answers, sent] = await Promise.all([
      read(service.url, key, readers, stop, t0),
      journeyLoad(producer, journeysPerSecond, stop),
    ]);
    const loadMs = performance.now() - t0;
    const cpuAfter = cpuBefore && snapshot(targets, performance.now());
    const lagAfter = await lagHistogram(service);
    const caughtUpMs = await catchUp(store, appliedBefore + sent);
    const ready = await probe(service, '/health/ready');
    const live = await probe(service, '/health/live');

    const lines = [
      machineLine(startedAt, load),
      `measures-service defaults, projections of ${int(journeys)} journeys; ${readers} readers of ` +
        `/v1/measures (2 years, groupBy=week) for ${(loadMs / 1000).toFixed(1)} s; ${int(sent)} events ` +
        `(${journeysPerSecond} journeys/s) onto the topic meanwhile`,
      ...answerLines(answers, loadMs),
      ...freshnessLines(lagBefore, lagAfter, sent, caughtUpMs),
      `afterwards: /health/ready ${ready}, /health/live ${live}`,
    ];
    if (cpuBefore && cpuAfter) {
      lines.push(`CPU during the load, % of one core:`);
      for (const u of usageBetween(cpuBefore, cpuAfter)) lines.push(`  ${u.name}: ${u.percentOfCore.toFixed(0)} %`);
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await producer.disconnect();
    await service.stop();
    await db.destroy();
  }
}

/** `readers` clients, each sending its next request as soon as the last is answered, until `stop`. */
async function read(url: string, key: string, readers: number, stop: AbortSignal, t0: number): Promise<Answer[]> {
  const client = commissionerClient(url, key);
  const today = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 730 * 86_400_000).toISOString().slice(0, 10);
  const path = `/v1/measures?from=${from}&to=${today}&groupBy=week`;
  const answers: Answer[] = [];
  const reader = async () => {
    while (!stop.aborted) {
      const start = performance.now();
      try {
        const response = await client.get(path, AbortSignal.timeout(HUNG_MS));
        await response.arrayBuffer();
        const retryAfter = response.headers.get('retry-after') !== null;
        answers.push({ start: start - t0, ms: performance.now() - start, status: response.status, retryAfter });
      } catch (error) {
        const cause = String((error as Error).cause ?? (error as Error).name);
        answers.push({ start: start - t0, ms: performance.now() - start, status: 0, retryAfter: false, error: cause });
        await sleep(100);
      }
    }
  };
  await Promise.all(Array.from({ length: readers }, reader));
  return answers;
}

function answerLines(answers: Answer[], loadMs: number): string[] {
  const ms = (v: number) => (Number.isNaN(v) ? 'n/a' : `${Math.round(v)} ms`);
  const spread = (list: Answer[]) => {
    const sorted = list.map((a) => a.ms).sort((a, b) => a - b);
    const [p50, p95, p99] = [0.5, 0.95, 0.99].map((q) => ms(percentile(sorted, q)));
    return `p50 ${p50}, p95 ${p95}, p99 ${p99}, max ${ms(sorted.at(-1) ?? Number.NaN)}`;
  };
  const ok = answers.filter((a) => a.status === 200);
  const busy = answers.filter((a) => a.status === 503);
  const other = answers.filter((a) => a.status !== 200 && a.status !== 503);
  const share = (n: number) => `${((100 * n) / Math.max(1, answers.length)).toFixed(1)} %`;
  const perSecond = (n: number) => (n / (loadMs / 1000)).toFixed(1);
  return [
    `requests: ${int(answers.length)} (${perSecond(answers.length)}/s); 200: ${int(ok.length)} ` +
      `(${perSecond(ok.length)}/s, ${share(ok.length)}); 503: ${int(busy.length)} (${share(busy.length)}, ` +
      `${busy.filter((a) => a.retryAfter).length} with Retry-After); anything else: ${other.length}` +
      (other.length > 0 ? ` (${[...new Set(other.map((a) => a.error ?? a.status))].join(', ')})` : ''),
    `latency of the 200s: ${spread(ok)}`,
    `latency of every answer: ${spread(answers)}`,
  ];
}

function freshnessLines(before: Histogram, after: Histogram, sent: number, caughtUpMs: number): string[] {
  const during: Histogram = {
    buckets: after.buckets.map((b, i) => ({ le: b.le, count: b.count - (before.buckets[i]?.count ?? 0) })),
    count: after.count - before.count,
    sum: after.sum - before.sum,
  };
  const s = (q: number) => `${Math.round(histogramQuantile(during, q) * 1000)} ms`;
  return [
    `freshness during the load (${LAG}, recorded → committed): p50 ≈ ${s(0.5)}, p95 ≈ ${s(0.95)}, ` +
      `p99 ≈ ${s(0.99)} over ${int(during.count)} events`,
    ...describeHistogram(during).slice(1),
    `projection caught up with all ${int(sent)} events ${(caughtUpMs / 1000).toFixed(1)} s after the load stopped`,
  ];
}

/** Journeys of the synthetic providers and areas, opened and closed now: five events each, recorded now. */
async function journeyLoad(producer: Producer, perSecond: number, stop: AbortSignal): Promise<number> {
  let sent = 0;
  let due = 0;
  const tickMs = 100;
  for (let n = 0, next = performance.now(); !stop.aborted; next += tickMs) {
    const events: JourneyEvent[] = [];
    for (due += (perSecond * tickMs) / 1000; due >= 1; due--) events.push(...journey(n++));
    if (events.length > 0) {
      await producer.send({
        topic: JOURNEY_EVENTS_TOPIC,
        acks: -1,
        messages: events.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      });
      sent += events.length;
    }
    await sleep(Math.max(0, next + tickMs - performance.now()));
  }
  return sent;
}

function journey(n: number): JourneyEvent[] {
  const j = journeyEvents();
  const providerId = PROVIDERS[n % PROVIDERS.length];
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
  return [
    j.event('opened', at(0), { leadProviderId: providerId, areaCode: AREAS[n % AREAS.length], ageBand: '25-34' }),
    j.event('contact-recorded', at(1), {
      providerId,
      channel: 'phone',
      minutesSpent: 20,
      demand: 'value',
      valueKind: 'new-need',
    }),
    j.event('assessment-recorded', at(2), { providerId, assessmentType: 'needs', minutesSpent: 30 }),
    j.event('progress-rated', at(3), { providerId, rating: n % 11 }),
    j.event('closed', at(4), { providerId, outcome: 'unresolved', reason: 'disengaged' }),
  ];
}

async function lagHistogram(service: RunningService): Promise<Histogram> {
  const text = await (await fetch(`${service.managementUrl}/metrics`)).text();
  const histogram = parseHistogram(text, LAG);
  if (histogram) return histogram;
  return { buckets: [], count: 0, sum: 0 }; // nothing applied yet
}

/** ms from now until the projections have applied `events` in all (the watermark's count). */
async function catchUp(store: MeasuresProjector, events: number): Promise<number> {
  const t = performance.now();
  while ((await store.watermark()).eventsApplied < events) {
    if (performance.now() - t > 120_000) throw new Error('the projection did not catch up within 120 s');
    await sleep(50);
  }
  return performance.now() - t;
}

async function probe(service: RunningService, path: string): Promise<string> {
  const response = await fetch(`${service.managementUrl}${path}`);
  return `${response.status} ${await response.text()}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

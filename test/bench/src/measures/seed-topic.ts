/**
 * Puts synthetic journeys on the journey-event topic of a benchmark stack, for timing a rebuild
 * (`ops-cli measures rebuild`). Every event is checked with the contracts' validator first, keyed by journey
 * id like the real publisher, and the whole set goes out in the order the journeys recorded it (so a fetch
 * holds many journeys, as the real topic does).
 *
 *   node -r @swc-node/register test/bench/src/measures/seed-topic.ts [--journeys=110000] [--seed=1] [--dry-run=1]
 *
 * Needs KAFKA_BROKERS of a stack of one's own (never the shared one; see bench-env.ts). Appends: run it once
 * on a fresh stack. See docs/benchmarks.md.
 */
import { JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import { CompressionTypes, Kafka, logLevel, Partitioners } from 'kafkajs';
import { performance } from 'node:perf_hooks';
import { benchTarget, flags, int, intFlag, JOURNEY_EVENTS_TOPIC, perSecond, say } from './bench-env';
import { syntheticJourney, twoYearsToToday } from './synthetic';

interface Message {
  recordedAt: number;
  key: string;
  value: string;
  headers: { 'ce-type': string; 'ce-id': string };
}

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['journeys', 'seed', 'batch', 'dry-run']);
  const journeys = intFlag(options, 'journeys', 110_000);
  const seed = intFlag(options, 'seed', 1);
  const batch = intFlag(options, 'batch', 10_000);
  const dryRun = options.get('dry-run') === '1';
  const brokers = dryRun ? [] : benchTarget('KAFKA_BROKERS').split(',');

  const window = twoYearsToToday();
  say(`making ${int(journeys)} journeys (seed ${seed}), opened ${iso(window.from)} … ${iso(window.now)}`);
  const t0 = performance.now();
  const messages: Message[] = [];
  const byType = new Map<string, number>();
  for (let n = 0; n < journeys; n++) {
    for (const event of syntheticJourney({ seed, ...window }, n)) {
      check(event);
      byType.set(event.type, (byType.get(event.type) ?? 0) + 1);
      messages.push({
        recordedAt: Date.parse(event.recordedat),
        key: event.subject,
        value: JSON.stringify(event),
        headers: { 'ce-type': event.type, 'ce-id': event.id },
      });
    }
  }
  messages.sort((a, b) => a.recordedAt - b.recordedAt); // stable: a journey's events keep their seq order
  const made = performance.now() - t0;
  const opened = byType.get('waymark.journey.opened.v1') ?? 0; // a journey that would open after now has no events
  const bytes = messages.reduce((n, m) => n + m.value.length, 0);
  say(
    `${int(messages.length)} events, all valid, of ${int(opened)} journeys (${(messages.length / opened).toFixed(2)} a journey, ` +
      `${Math.round(bytes / messages.length)} bytes each on average), made and checked in ${(made / 1000).toFixed(1)} s`,
  );

  if (dryRun) {
    process.stdout.write(`${typeCounts(byType).join('\n')}\n`);
    return;
  }

  const kafka = new Kafka({ clientId: 'bench-seed-topic', brokers, logLevel: logLevel.WARN });
  // As the real publisher (libs/kafka SAFE_PRODUCER): one request in flight (so nothing is reordered), murmur2
  // partitioner, not kafkajs' idempotent mode (it can drop a batch after a failed request: decision 0010).
  const producer = kafka.producer({
    idempotent: false,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const t1 = performance.now();
  try {
    for (let i = 0; i < messages.length; i += batch) {
      await producer.send({
        topic: JOURNEY_EVENTS_TOPIC,
        acks: -1,
        compression: CompressionTypes.None,
        messages: messages.slice(i, i + batch).map(({ key, value, headers }) => ({ key, value, headers })),
      });
      if ((i / batch) % 20 === 0) say(`${int(i + batch)} sent`);
    }
  } finally {
    await producer.disconnect();
  }
  const sent = performance.now() - t1;

  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC).finally(() => admin.disconnect());
  const onTopic = offsets.reduce((n, o) => n + Number(BigInt(o.high) - BigInt(o.low)), 0);

  const lines = [
    `seeded ${JOURNEY_EVENTS_TOPIC} at ${brokers.join(',')}: ${int(messages.length)} events of ${int(opened)} journeys ` +
      `(seed ${seed}) in ${(sent / 1000).toFixed(1)} s (${perSecond(messages.length, sent)} events/s, ` +
      `${(bytes / 2 ** 20).toFixed(0)} MiB of JSON); the topic now holds ${int(onTopic)} messages in ` +
      `${offsets.length} partitions (${offsets.map((o) => int(Number(o.high) - Number(o.low))).join(' / ')})`,
    ...typeCounts(byType),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function check(event: JourneyEvent): void {
  const result = validateJourneyEvent(JSON.parse(JSON.stringify(event)));
  if (!result.ok) throw new Error(`synthetic event ${event.id} (${event.type}) is invalid: ${result.reason}`);
}

const typeCounts = (byType: Map<string, number>) =>
  [...byType.entries()].sort((a, b) => b[1] - a[1]).map(([type, n]) => `  ${type}: ${int(n)}`);

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

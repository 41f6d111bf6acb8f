/**
 * Where a rebuild's time goes, one stage at a time, over the journey-event topic of a benchmark stack:
 *
 * 1. Kafka fetch: the topic read to its end with kafkajs (same consumer settings as the replay), nothing done
 *    with the messages but keeping them, batch by batch as kafkajs hands them over.
 * 2. Decoding: `decodeJourneyEvent` on every message (JSON.parse, then the zod contract), and JSON.parse alone.
 * 3. Projection: `projectBatch` on each batch, carrying every journey's facts in memory (no database).
 * 4. Store: `rebuildProjections` (the rebuild use case ops-cli runs) fed the same batches instead of the topic:
 *    `MeasuresProjector.apply` on each into fresh tables, the rollups derived, the swap; every SQL statement it sends
 *    is timed by its first words (the query runner is wrapped in this process only).
 *
 * Stages run one after another, so each is measured alone; the sum is close to what a rebuild spends, as the
 * rebuild also does them one after another. It REPLACES the projections of the stack it is given.
 *
 * 5. With --experiments=1, the levers: the same events applied in bigger batches (consecutive batches of a
 *    partition joined), in two lanes at once (partitions split in two), and both.
 *
 *   node -r @swc-node/register test/bench/src/measures/profile-rebuild.ts [--limit=0] [--experiments=1]
 *
 * Needs KAFKA_BROKERS and DATABASE_URL of a stack of one's own (see bench-env.ts), and measures-service stopped.
 */
import { decodeJourneyEvent, JourneyEvent } from '@waymark/event-contracts';
import { DEFAULT_TIME_ZONE } from '@waymark/measures-maths';
import { JourneyFacts, projectBatch } from '@waymark/measures-projection';
import {
  EventSource,
  measuresDataSourceOptions,
  MeasuresProjector,
  PROJECTION_TABLES,
  ProjectionRebuild,
  rebuildProjections,
} from '@waymark/measures-store';
import { REPLAY_FETCH } from '@waymark/kafka';
import { Kafka, logLevel } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { benchTarget, flags, int, intFlag, JOURNEY_EVENTS_TOPIC, perSecond, say } from './bench-env';

interface FetchedBatch {
  partition: number;
  values: Buffer[];
}

async function main(): Promise<void> {
  const options = flags(process.argv.slice(2), ['limit', 'experiments', 'experiment-batch']);
  const limit = intFlag(options, 'limit', 0);
  const experiments = options.get('experiments') === '1';
  const experimentBatch = intFlag(options, 'experiment-batch', 10_000);
  const brokers = benchTarget('KAFKA_BROKERS').split(',');
  const databaseUrl = benchTarget('DATABASE_URL');
  const timeZone = process.env['MEASURES_TIME_ZONE'] ?? DEFAULT_TIME_ZONE;
  const lines: string[] = [];
  const line = (text: string) => {
    lines.push(text);
    say(text);
  };

  // 1. Kafka fetch.
  const kafka = new Kafka({ clientId: 'bench-profile-rebuild', brokers, logLevel: logLevel.WARN });
  const fetched = await fetchAll(kafka, limit);
  const events = fetched.batches.reduce((n, b) => n + b.values.length, 0);
  const sizes = fetched.batches.map((b) => b.values.length).sort((a, b) => a - b);
  line(
    `1 Kafka fetch (kafkajs, the replay's fetch sizes): ${int(events)} messages in ${int(fetched.batches.length)} ` +
      `batches (median ${int(sizes[Math.floor(sizes.length / 2)] ?? 0)} a batch) in ${sec(fetched.ms)} → ` +
      `${perSecond(events, fetched.ms)} events/s`,
  );

  // 2. Decoding.
  let t = performance.now();
  for (const batch of fetched.batches) for (const value of batch.values) JSON.parse(value.toString('utf8'));
  const parseMs = performance.now() - t;
  t = performance.now();
  const decoded: JourneyEvent[][] = [];
  let invalid = 0;
  for (const batch of fetched.batches) {
    const out: JourneyEvent[] = [];
    for (const value of batch.values) {
      const result = decodeJourneyEvent(value);
      if (result.ok) out.push(result.event);
      else invalid++;
    }
    decoded.push(out);
  }
  const decodeMs = performance.now() - t;
  const journeysPerBatch = decoded.reduce((n, b) => n + new Set(b.map((e) => e.subject)).size, 0);
  line(
    `  the batches touch ${int(journeysPerBatch)} journeys in all (${(events / journeysPerBatch).toFixed(2)} events ` +
      'per journey per batch): each journey touched means a facts row loaded and written back',
  );
  line(
    `2 decoding (decodeJourneyEvent): ${sec(decodeMs)} → ${perSecond(events, decodeMs)} events/s; of which ` +
      `JSON.parse ${sec(parseMs)}, the zod contract about ${sec(decodeMs - parseMs)}; ${invalid} invalid`,
  );

  // 3. Projection, pure.
  const facts = new Map<string, JourneyFacts>();
  t = performance.now();
  for (const batch of decoded) {
    // As the store does: only the batch's journeys' facts go in (it loads them from journey_facts).
    const known = new Map<string, JourneyFacts>();
    for (const event of batch) {
      const f = facts.get(event.subject);
      if (f) known.set(event.subject, f);
    }
    const projected = projectBatch(batch, known, timeZone);
    for (const f of projected.facts) facts.set(f.journeyId, f);
  }
  const projectMs = performance.now() - t;
  line(`3 projectBatch (in memory): ${sec(projectMs)} → ${perSecond(events, projectMs)} events/s`);

  // 4. Store: the rebuild use case over the same batches (no Kafka), every statement timed.
  const dataSource = await new DataSource(measuresDataSourceOptions(databaseUrl)).initialize();
  const statements = timeStatements();
  try {
    const store = new MeasuresProjector(dataSource, timeZone);
    statements.reset();
    t = performance.now();
    const after: Record<string, number> = {};
    const { applied } = await rebuildProjections(
      { begin: () => ProjectionRebuild.begin(dataSource, timeZone), replay: fromBatches(decoded) },
      (p) => {
        if (p.step !== 'replay') after[p.step] = p.ms;
      },
    );
    const applyMs = performance.now() - t;
    line(
      `4 rebuildProjections over the same batches (MeasuresProjector.apply, days only, into fresh tables; then ` +
        `completeRollups ${sec(after['rollups'] ?? 0)}, indexes and swap ${sec(after['swap'] ?? 0)}): ` +
        `${int(applied)} applied in ${sec(applyMs)} → ` +
        `${perSecond(events, applyMs)} events/s (projectBatch inside it about ${sec(projectMs)}, ` +
        `SQL round trips about ${sec(statements.totalMs())})`,
    );
    for (const [what, s] of statements.byKind()) {
      line(`    ${what}: ${int(s.count)} statements, ${sec(s.ms)} (${((100 * s.ms) / applyMs).toFixed(0)} % of apply)`);
    }
    const [{ size }] = (await dataSource.query(
      `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c
        WHERE c.relname = ANY($1::text[])`,
      [PROJECTION_TABLES],
    )) as [{ size: string }];
    line(`    projection tables now take ${size}`);
    const total = fetched.ms + decodeMs + applyMs;
    line(
      `stages one after another: ${sec(total)} → ${perSecond(events, total)} events/s; shares: fetch ` +
        `${pct(fetched.ms, total)}, decode ${pct(decodeMs, total)}, projectBatch ${pct(projectMs, total)}, ` +
        `SQL and the rest of apply ${pct(applyMs - projectMs, total)}`,
    );
    const [{ bytes }] = (await dataSource.query(
      `SELECT avg(pg_column_size(facts))::int AS bytes FROM journey_facts`,
    )) as [{ bytes: number }];
    line(`    a journey's facts take ${bytes} bytes on average (jsonb)`);

    if (experiments) {
      // 5. What the levers would give: the same events through the same MeasuresProjector.apply, differently fed.
      const byPartition = fetched.batches.map((b, i) => ({ partition: b.partition, events: decoded[i] ?? [] }));
      const trial = async (name: string, lanes: JourneyEvent[][][]) => {
        await store.clear();
        const started = performance.now();
        await Promise.all(
          lanes.map(async (lane) => {
            for (const batch of lane) await store.apply(batch, 'days');
          }),
        );
        await store.completeRollups();
        const ms = performance.now() - started;
        const batches = lanes.reduce((n, l) => n + l.length, 0);
        const touched = lanes.flat().reduce((n, b) => n + new Set(b.map((e) => e.subject)).size, 0);
        line(
          `5 ${name}: ${int(batches)} batches, ${int(touched)} facts rows written, ${sec(ms)} → ` +
            `${perSecond(events, ms)} events/s`,
        );
      };
      const merged = mergeBatches(byPartition, experimentBatch);
      await trial(`apply, batches of a partition merged up to ${int(experimentBatch)} events, one lane`, [
        merged.map((b) => b.events),
      ]);
      const split = (batches: { partition: number; events: JourneyEvent[] }[]) =>
        [0, 1].map((lane) => batches.filter((b) => b.partition % 2 === lane).map((b) => b.events));
      await trial(
        "apply, Kafka's batches, two lanes (partitions split in two, as partitionsConsumedConcurrently: 2)",
        split(byPartition),
      );
      await trial(`apply, merged up to ${int(experimentBatch)} events and two lanes`, split(merged));
    }
  } finally {
    statements.restore();
    await dataSource.destroy();
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** The rebuild's events from batches already in memory, in their order (a Kafka replay's progress, no fetch). */
function fromBatches(batches: JourneyEvent[][]): EventSource['replay'] {
  return async (onBatch, onProgress) => {
    const total = batches.reduce((n, b) => n + b.length, 0);
    const progress = { read: 0, total, invalid: 0 };
    for (const batch of batches) {
      await onBatch(batch);
      progress.read += batch.length;
      onProgress({ ...progress });
    }
    return progress;
  };
}

/** Consecutive batches of one partition joined (order within each partition kept) up to `size` events. */
function mergeBatches<T extends { partition: number; events: JourneyEvent[] }>(batches: T[], size: number) {
  const open = new Map<number, { partition: number; events: JourneyEvent[] }>();
  const out: { partition: number; events: JourneyEvent[] }[] = [];
  for (const b of batches) {
    let current = open.get(b.partition);
    if (!current || current.events.length + b.events.length > size) {
      current = { partition: b.partition, events: [] };
      open.set(b.partition, current);
      out.push(current);
    }
    current.events.push(...b.events);
  }
  return out;
}

/** Reads the whole topic (or `limit` messages) in a throwaway group, keeping the raw values. */
async function fetchAll(kafka: Kafka, limit: number): Promise<{ batches: FetchedBatch[]; ms: number }> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `bench-profile-${randomUUID()}`;
  const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
  const remaining = new Map(
    offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]),
  );
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...REPLAY_FETCH });
  const batches: FetchedBatch[] = [];
  let read = 0;
  const t0 = performance.now();
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      if (remaining.size === 0) return resolve();
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch, heartbeat }) => {
            const stop = remaining.get(batch.partition);
            if (stop === undefined) return;
            const messages = batch.messages.filter((m) => BigInt(m.offset) < stop);
            batches.push({ partition: batch.partition, values: messages.map((m) => m.value as Buffer) });
            read += messages.length;
            await heartbeat();
            const last = messages.at(-1);
            if ((last && BigInt(last.offset) + 1n >= stop) || (limit > 0 && read >= limit)) {
              remaining.delete(batch.partition);
              if (remaining.size === 0 || (limit > 0 && read >= limit)) resolve();
            }
          },
        })
        .catch(reject);
    });
    return { batches, ms: performance.now() - t0 };
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

/** Wraps PostgreSQL query runners so every statement's round trip is timed by kind; undone by restore(). */
function timeStatements() {
  const proto = PostgresQueryRunner.prototype;
  const original = proto.query;
  const kinds = new Map<string, { count: number; ms: number }>();
  proto.query = async function (this: PostgresQueryRunner, ...args: Parameters<typeof original>) {
    const started = performance.now();
    try {
      return await original.apply(this, args);
    } finally {
      const kind = statementKind(args[0]);
      const s = kinds.get(kind) ?? { count: 0, ms: 0 };
      s.count++;
      s.ms += performance.now() - started;
      kinds.set(kind, s);
    }
  } as typeof original;
  return {
    reset: () => kinds.clear(),
    byKind: () => [...kinds.entries()].sort((a, b) => b[1].ms - a[1].ms),
    totalMs: () => [...kinds.values()].reduce((n, s) => n + s.ms, 0),
    restore: () => {
      proto.query = original;
    },
  };
}

function statementKind(sql: string): string {
  const text = sql.replace(/\s+/g, ' ').trim();
  const table = /^(?:INSERT INTO|UPDATE|DELETE FROM) (\w+)/i.exec(text)?.[1];
  if (table) return `${text.split(' ')[0]?.toUpperCase()} ${table}`;
  if (/pg_advisory_xact_lock/.test(text)) return 'SELECT pg_advisory_xact_lock (journey locks)';
  if (/FROM journey_facts/.test(text)) return 'SELECT journey_facts (load facts)';
  return text.split(' ').slice(0, 2).join(' ');
}

const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)} %`;

main().then(
  () => process.exit(0),
  (error: unknown) => {
    say(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);

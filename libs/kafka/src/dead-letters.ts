import { randomUUID } from 'node:crypto';
import { decodeJourneyEvent } from '@waymark/event-contracts';
import { Batch, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { DeadLetterKind, DLQ_HEADERS, headerText, originalHeaders, REPLAYED_FROM_HEADER } from './dead-letter-headers';
import { SAFE_PRODUCER } from './journey-event-publisher';
import { consumerGroupIsActive } from './topic-replay';
import { JOURNEY_EVENTS_DLQ_TOPIC, JOURNEY_EVENTS_TOPIC } from './topics';

/** One message of the dead-letter topic, as ops see it. */
export interface DeadLetter {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  /** The original message's headers (without the dead-letter ones). */
  headers: IHeaders;
  kind: DeadLetterKind | 'unknown';
  reason: string;
  /** The consumer group that set it aside; absent on dead letters written before the header existed. */
  group?: string;
  /** `<topic>/<partition>/<offset>` it was consumed from. */
  source?: string;
  deadLetteredAt?: string;
  /** The event, if the value still passes the consumers' contract; else why not. */
  event: { id: string; type: string; seq: number } | { invalid: string };
}

/** How far the replay of a group's dead letters has got, per partition of the dead-letter topic. */
export type ReplayPositions = Map<number, bigint>;

/** The consumer group whose committed offsets on the dead-letter topic say which of `group`'s were replayed. */
export const replayGroupOf = (group: string) => `${group}.dead-letter-replay`;

function deadLetterOf(partition: number, message: KafkaMessage): DeadLetter {
  const decoded = decodeJourneyEvent(message.value);
  const kind = headerText(message.headers, DLQ_HEADERS.kind);
  return {
    partition,
    offset: message.offset,
    key: message.key?.toString() ?? null,
    value: message.value,
    headers: originalHeaders(message.headers),
    kind: kind === 'invalid' || kind === 'unplaceable' || kind === 'failed' ? kind : 'unknown',
    reason: headerText(message.headers, DLQ_HEADERS.reason) ?? '',
    group: headerText(message.headers, DLQ_HEADERS.group),
    source: headerText(message.headers, DLQ_HEADERS.source),
    deadLetteredAt: headerText(message.headers, DLQ_HEADERS.at),
    event: decoded.ok
      ? { id: decoded.event.id, type: decoded.event.type, seq: decoded.event.seq }
      : { invalid: decoded.reason },
  };
}

/** Where each partition of the dead-letter topic begins and ends now. */
async function dlqRange(kafka: Kafka): Promise<Map<number, { low: bigint; high: bigint }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_DLQ_TOPIC);
    return new Map(offsets.map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
  } finally {
    await admin.disconnect();
  }
}

/** The replay position of `group`'s dead letters: the first offset not yet replayed, per partition. */
export async function replayPositions(kafka: Kafka, group: string): Promise<ReplayPositions> {
  const range = await dlqRange(kafka);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId: replayGroupOf(group), topics: [JOURNEY_EVENTS_DLQ_TOPIC] });
    const committed = new Map((topic?.partitions ?? []).map((p) => [p.partition, BigInt(p.offset)]));
    return new Map(
      [...range].map(([partition, { low }]) => {
        const at = committed.get(partition) ?? -1n;
        return [partition, at < low ? low : at];
      }),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * Reads the dead-letter topic from `from` (per partition; its beginning when absent) to where it ends now, in a
 * consumer group: a throwaway one unless `groupId` is given. With `commit`, the group's offsets move past each batch
 * once `onBatch` has finished with it.
 */
async function readToEnd(
  kafka: Kafka,
  onBatch: (letters: DeadLetter[]) => Promise<void>,
  options: { from?: ReplayPositions; groupId?: string; commit?: boolean } = {},
): Promise<void> {
  const range = await dlqRange(kafka);
  const remaining = new Map(
    [...range]
      .map(
        ([partition, { low, high }]) => [partition, { from: options.from?.get(partition) ?? low, end: high }] as const,
      )
      .filter(([, { from, end }]) => from < end),
  );
  if (remaining.size === 0) return;
  const groupId = options.groupId ?? `waymark-dead-letters-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: JOURNEY_EVENTS_DLQ_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      let failed = false;
      const readBatch = async (batch: Batch, span: { from: bigint; end: bigint }) => {
        const messages = batch.messages.filter((m) => BigInt(m.offset) >= span.from && BigInt(m.offset) < span.end);
        await onBatch(messages.map((m) => deadLetterOf(batch.partition, m)));
        // Messages written since the read began (a replayed event may fail again) wait for the next read.
        const through = BigInt(batch.lastOffset()) + 1n < span.end ? BigInt(batch.lastOffset()) + 1n : span.end;
        if (options.commit && batch.messages.length > 0) {
          await consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: `${through}` }]);
        }
        if (through >= span.end) {
          remaining.delete(batch.partition);
          if (remaining.size === 0) resolve();
        }
      };
      consumer
        .run({
          autoCommit: false,
          eachBatch: async ({ batch, heartbeat }) => {
            const span = remaining.get(batch.partition);
            if (!span || failed) return;
            // A failure ends the read (and the command), rather than have kafkajs retry the batch or go on past it.
            await readBatch(batch, span).catch((error: unknown) => {
              failed = true;
              reject(error);
            });
            await heartbeat();
          },
        })
        .catch(reject);
      // A group that has committed before resumes there; a throwaway one starts at the beginning: seek either way.
      for (const [partition, { from }] of remaining) {
        consumer.seek({ topic: JOURNEY_EVENTS_DLQ_TOPIC, partition, offset: from.toString() });
      }
    });
  } finally {
    await consumer.disconnect();
    if (!options.groupId) await deleteGroup(kafka, groupId);
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin
    .deleteGroups([groupId])
    .catch(() => undefined) // best effort: an empty group expires anyway
    .finally(() => admin.disconnect());
}

/** Every dead letter on the topic now, in order. */
export async function readDeadLetters(kafka: Kafka): Promise<DeadLetter[]> {
  const letters: DeadLetter[] = [];
  await readToEnd(kafka, async (batch) => {
    letters.push(...batch);
  });
  return letters;
}

/** What a replay did with one dead letter. */
export type ReplayStep = { letter: DeadLetter; outcome: 'replayed' | 'still-invalid' };

/**
 * Republishes `group`'s dead letters not replayed yet to the journey-events topic, with the same key and value (so
 * the same partition, and the consumers dedupe by journey seq), and moves the group's replay position past them as
 * it goes: a second replay finds nothing to do, and one cut short carries on where it stopped. Dead letters whose
 * value still breaks the contract are not republished (they would only come back) and are passed over. Other
 * groups' dead letters are left alone. Refuses while another replay for the group runs.
 */
export async function replayDeadLetters(
  kafka: Kafka,
  group: string,
  onStep: (step: ReplayStep) => void,
): Promise<void> {
  const replayGroup = replayGroupOf(group);
  if (await consumerGroupIsActive(kafka, replayGroup)) {
    throw new ReplayBusyError(`a replay of ${group}'s dead letters is running (consumer group "${replayGroup}")`);
  }
  const from = await replayPositions(kafka, group);
  const producer = kafka.producer(SAFE_PRODUCER);
  await producer.connect();
  try {
    await readToEnd(
      kafka,
      async (letters) => {
        const mine = letters.filter((l) => l.group === group);
        const valid = mine.filter((l) => 'id' in l.event);
        if (valid.length > 0) {
          await producer.send({
            topic: JOURNEY_EVENTS_TOPIC,
            acks: -1,
            messages: valid.map((l) => ({
              key: l.key,
              value: l.value,
              headers: {
                ...l.headers,
                [REPLAYED_FROM_HEADER]: `${JOURNEY_EVENTS_DLQ_TOPIC}/${l.partition}/${l.offset}`,
              },
            })),
          });
        }
        for (const letter of mine) onStep({ letter, outcome: 'id' in letter.event ? 'replayed' : 'still-invalid' });
      },
      { from, groupId: replayGroup, commit: true },
    );
  } finally {
    await producer.disconnect();
  }
}

/** Another replay of the same group's dead letters is running. */
export class ReplayBusyError extends Error {
  override name = 'ReplayBusyError';
}

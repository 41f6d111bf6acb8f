import type { JourneyEvent } from '@waymark/event-contracts';
import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import { randomUUID } from 'node:crypto';
import { Kafka, KafkaMessage, logLevel, Partitioners } from 'kafkajs';

export const kafka = new Kafka({
  clientId: 'e2e',
  brokers: (process.env['KAFKA_BROKERS'] ?? '').split(','),
  logLevel: logLevel.NOTHING,
});

/** Commits `groupId` at the current end of every partition of the journey-events topic, so a consumer in it starts there. */
export async function startConsumerGroupAtEnd(groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const partitions = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
    await admin.setOffsets({
      groupId,
      topic: JOURNEY_EVENTS_TOPIC,
      partitions: partitions.map(({ partition, high }) => ({ partition, offset: high })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** Reads `topic` from the beginning in a throwaway group until `match` finds a message. */
export async function findMessage(
  topic: string,
  match: (m: KafkaMessage) => boolean,
  timeoutMs = 30_000,
): Promise<KafkaMessage> {
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise<KafkaMessage>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`no matching message on ${topic} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (match(message)) {
            clearTimeout(timer);
            resolve(message);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

/** Where a group must have committed to, to have consumed what was sent. */
export interface Sent {
  partition: number;
  nextOffset: bigint;
}

/** Sends raw values under one key (so to one partition) to the journey-events topic. */
export async function produceRaw(key: string, values: string[]): Promise<Sent> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    const [result] = await producer.send({
      topic: JOURNEY_EVENTS_TOPIC,
      acks: -1,
      messages: values.map((value) => ({ key, value })),
    });
    if (!result?.baseOffset) throw new Error('the broker did not report where the messages were written');
    return {
      partition: result.partition,
      nextOffset: BigInt(result.baseOffset) + BigInt(values.length),
    };
  } finally {
    await producer.disconnect();
  }
}

/** True once `groupId` has committed past what was sent. */
export async function hasConsumed(groupId: string, { partition, nextOffset }: Sent): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({
      groupId,
      topics: [JOURNEY_EVENTS_TOPIC],
    });
    const committed = topic?.partitions.find((p) => p.partition === partition)?.offset ?? '-1';
    return BigInt(committed) >= nextOffset;
  } finally {
    await admin.disconnect();
  }
}

/** Where each partition of the journey-events topic ends now (the offset the next message will get). */
export async function journeyEventsTopicEnd(): Promise<Map<number, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
    return new Map(offsets.map((o) => [o.partition, BigInt(o.high)]));
  } finally {
    await admin.disconnect();
  }
}

/** Publishes journey events straight onto the topic, keyed by journey (so each journey's stay in order). */
export async function publishJourneyEvents(events: readonly JourneyEvent[]): Promise<void> {
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) {
      await producer.send({
        topic: JOURNEY_EVENTS_TOPIC,
        acks: -1,
        messages: events.slice(i, i + 500).map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/**
 * True once `groupId` has committed up to `end` (journeyEventsTopicEnd; where the topic ends now unless given) on every
 * partition that has anything.
 */
export async function groupCaughtUp(groupId: string, end?: ReadonlyMap<number, bigint>): Promise<boolean> {
  const until = end ?? (await journeyEventsTopicEnd());
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [topic] = await admin.fetchOffsets({ groupId, topics: [JOURNEY_EVENTS_TOPIC] });
    const committed = new Map(topic?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return [...until].every(([partition, offset]) => offset === 0n || (committed.get(partition) ?? -1n) >= offset);
  } finally {
    await admin.disconnect();
  }
}

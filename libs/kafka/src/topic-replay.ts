import { randomUUID } from 'node:crypto';
import { decodeJourneyEvent, JourneyEvent } from '@waymark/event-contracts';
import { Admin, Kafka } from 'kafkajs';
import { JOURNEY_EVENTS_TOPIC } from './topics';

export interface ReplayProgress {
  /** Messages read so far, valid or not. */
  read: number;
  /** Messages in the topic when the replay began: the replay stops there. */
  total: number;
  invalid: number;
}

export type PartitionOffsets = { partition: number; offset: string }[];

/** Where the topic ends now, per partition: the next offset each will be written at. */
export async function journeyEventsEnd(admin: Admin): Promise<PartitionOffsets> {
  const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
  return offsets.map(({ partition, high }) => ({ partition, offset: high }));
}

/** For each partition with messages before `end`: the offset to stop at, and how many messages there are. */
async function replayRange(admin: Admin, end: PartitionOffsets): Promise<Map<number, { stop: bigint; count: number }>> {
  const offsets = await admin.fetchTopicOffsets(JOURNEY_EVENTS_TOPIC);
  const low = new Map(offsets.map((o) => [o.partition, BigInt(o.low)]));
  const range = new Map<number, { stop: bigint; count: number }>();
  for (const { partition, offset } of end) {
    const count = Number(BigInt(offset) - (low.get(partition) ?? 0n));
    if (count > 0) range.set(partition, { stop: BigInt(offset), count });
  }
  return range;
}

/** Big fetches make big batches: each journey's facts and the rollups' shared rows are written once a batch. */
export const REPLAY_FETCH = { maxBytes: 64 << 20, maxBytesPerPartition: 8 << 20 };

/**
 * Reads the journey-event topic from its beginning up to `end` (offsets taken before the replay starts), a batch
 * at a time, in order within each partition (two partitions at once). The batch handler must finish before the
 * next batch of that partition arrives. Invalid messages are counted and skipped: they went to the dead letters when first consumed.
 * Uses a throwaway consumer group, deleted afterwards, so no real group's offsets move.
 */
export async function replayJourneyEvents(
  kafka: Kafka,
  end: PartitionOffsets,
  onBatch: (events: JourneyEvent[]) => Promise<void>,
  onProgress: (progress: ReplayProgress) => void,
): Promise<ReplayProgress> {
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `waymark-replay-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, ...REPLAY_FETCH });
  const range = await replayRange(admin, end);
  const remaining = new Map([...range].map(([partition, { stop }]) => [partition, stop]));
  const total = [...range.values()].reduce((n, r) => n + r.count, 0);
  const progress: ReplayProgress = { read: 0, total, invalid: 0 };
  try {
    await consumer.connect();
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      if (remaining.size === 0) return resolve();
      consumer
        .run({
          autoCommit: false,
          // Two partitions at a time keep both cores busy: one batch decodes while the other's commit runs. They
          // touch different journeys, and shared counters are locked in key order, so they cannot deadlock.
          partitionsConsumedConcurrently: 2,
          eachBatch: async ({ batch, heartbeat }) => {
            const stop = remaining.get(batch.partition);
            if (stop === undefined) return;
            const messages = batch.messages.filter((m) => BigInt(m.offset) < stop);
            const events: JourneyEvent[] = [];
            for (const message of messages) {
              const decoded = decodeJourneyEvent(message.value);
              if (decoded.ok) events.push(decoded.event);
              else progress.invalid++;
            }
            await onBatch(events);
            progress.read += messages.length;
            onProgress({ ...progress });
            await heartbeat();
            if (messages.length > 0 && BigInt(messages[messages.length - 1].offset) + 1n >= stop) {
              remaining.delete(batch.partition);
              if (remaining.size === 0) resolve();
            }
          },
        })
        .catch(reject);
    });
    return progress;
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined); // best effort: an empty group expires anyway
    await admin.disconnect();
  }
}

/** True when the group has running members (e.g. measures-service is up). */
export async function consumerGroupIsActive(kafka: Kafka, groupId: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { groups } = await admin.describeGroups([groupId]);
    return groups.some((g) => g.members.length > 0);
  } finally {
    await admin.disconnect();
  }
}

import { JOURNEY_EVENTS_TOPIC, journeyEventsEnd, moveConsumerGroup } from '@waymark/kafka';
import { kafka } from './kafka';

/** Points a new consumer group at the journey-events topic's end, so a service using it sees only what follows. */
export async function startGroupAtTopicEnd(groupId: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  const end = await journeyEventsEnd(admin).finally(() => admin.disconnect());
  await moveConsumerGroup(kafka, groupId, end);
}

/** True once the group has committed up to where the journey-events topic ends now, on every partition. */
export async function groupCaughtUp(groupId: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const end = await journeyEventsEnd(admin);
    const [topic] = await admin.fetchOffsets({ groupId, topics: [JOURNEY_EVENTS_TOPIC] });
    const committed = new Map(topic?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
    return end.every(
      ({ partition, offset }) => BigInt(offset) === 0n || (committed.get(partition) ?? -1n) >= BigInt(offset),
    );
  } finally {
    await admin.disconnect();
  }
}

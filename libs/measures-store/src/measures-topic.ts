import {
  consumerGroupIsActive,
  JOURNEY_EVENTS_TOPIC,
  journeyEventsEnd,
  PartitionOffsets,
  replayJourneyEvents,
} from '@waymark/kafka';
import type { Kafka } from 'kafkajs';
import type { EventSource } from './rebuild-projections';

/** measures-service's consumer group has running members: Kafka would refuse to move it, so nothing was done. */
export class MeasuresConsumerRunning extends Error {
  override name = 'MeasuresConsumerRunning';
  constructor(readonly groupId: string) {
    super(`consumer group "${groupId}" has running members; stop measures-service, then rebuild`);
  }
}

/**
 * The journey-event topic as a rebuild reads it: from the beginning to where it ended when the rebuild started,
 * then measures-service's consumer group pointed there, so the service carries on after the replayed events.
 * Refuses (MeasuresConsumerRunning) while the service is consuming.
 */
export async function journeyEventsForRebuild(kafka: Kafka, groupId: string): Promise<EventSource> {
  if (await consumerGroupIsActive(kafka, groupId)) throw new MeasuresConsumerRunning(groupId);
  const admin = kafka.admin();
  await admin.connect();
  const end = await journeyEventsEnd(admin).finally(() => admin.disconnect());
  return {
    replay: (onBatch, onProgress) => replayJourneyEvents(kafka, end, onBatch, onProgress),
    carryOn: () => moveConsumerGroup(kafka, groupId, end),
  };
}

/**
 * Points a consumer group at the given offsets; Kafka refuses while the group has running members. As kafkajs'
 * admin.setOffsets (join paused, seek, leave after the first fetch), but its fetch waits 100 ms, not 5 s.
 */
export async function moveConsumerGroup(kafka: Kafka, groupId: string, to: PartitionOffsets): Promise<void> {
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer.on(consumer.events.FETCH, () => consumer.stop().then(resolve, reject));
      // With autoCommit on (the default), a seek commits the offset at once.
      consumer.run({ eachBatchAutoResolve: false, eachBatch: async () => undefined }).catch(reject);
      consumer.pause([{ topic: JOURNEY_EVENTS_TOPIC }]);
      for (const { partition, offset } of to) consumer.seek({ topic: JOURNEY_EVENTS_TOPIC, partition, offset });
    });
  } finally {
    await consumer.disconnect();
  }
}

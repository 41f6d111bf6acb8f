import { JOURNEY_EVENTS_TOPIC } from '@waymark/kafka';
import { randomUUID } from 'node:crypto';
import { kafka } from './kafka';

/** What identifies a published journey event. */
export interface PublishedEvent {
  id: string;
  seq: number;
  type: string;
}

/**
 * Every message for one journey on the journey-events topic, in topic order (redeliveries included), read from the
 * beginning in a throwaway group until one with `seq >= throughSeq` has arrived. One journey's events share a
 * partition, so by then everything published for it before that event has been read too.
 */
export async function publishedEventsOf(
  journeyId: string,
  throughSeq: number,
  timeoutMs = 30_000,
): Promise<PublishedEvent[]> {
  const consumer = kafka.consumer({ groupId: `e2e-reader-${randomUUID()}` });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: JOURNEY_EVENTS_TOPIC, fromBeginning: true });
    return await new Promise<PublishedEvent[]>((resolve, reject) => {
      const seen: PublishedEvent[] = [];
      const timer = setTimeout(
        () => reject(new Error(`no event ${throughSeq} of ${journeyId} within ${timeoutMs} ms; saw ${seen.length}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== journeyId) return;
          const { id, seq, type } = JSON.parse(String(message.value)) as PublishedEvent;
          seen.push({ id, seq, type });
          if (seq >= throughSeq) {
            clearTimeout(timer);
            resolve([...seen]);
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}

import { JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { JOURNEY_EVENTS_TOPIC } from './topics';

/** Idempotent, one request in flight (so retries cannot reorder), default murmur2 partitioner. */
export const SAFE_PRODUCER = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * Publishes journey events keyed by journey id, so each journey's events stay
 * in order on one partition. The producer is idempotent (no duplicates from its
 * own retries); duplicates from a retried activity are removed by consumers.
 */
export class JourneyEventPublisher {
  private readonly producer: Producer;

  constructor(kafka: Kafka) {
    this.producer = kafka.producer(SAFE_PRODUCER);
  }

  connect(): Promise<void> {
    return this.producer.connect();
  }

  disconnect(): Promise<void> {
    return this.producer.disconnect();
  }

  /** Sends what the contract returns, not the input: its instants are normalised to the one format events use. */
  async publish(events: JourneyEvent[]): Promise<void> {
    const checked = events.map((event) => {
      const result = validateJourneyEvent(event);
      if (!result.ok) throw new Error(`refusing to publish invalid event ${event.id}: ${result.reason}`);
      return result.event;
    });
    await this.producer.send({
      topic: JOURNEY_EVENTS_TOPIC,
      acks: -1,
      compression: CompressionTypes.None,
      messages: checked.map((event) => ({
        key: event.subject,
        value: JSON.stringify(event),
        headers: { 'ce-type': event.type, 'ce-id': event.id },
      })),
    });
  }
}

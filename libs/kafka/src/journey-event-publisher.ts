import { JourneyEvent, validateJourneyEvent } from '@waymark/event-contracts';
import { injectTraceContext } from '@waymark/observability';
import { CompressionTypes, Kafka, Partitioners, Producer } from 'kafkajs';
import { JOURNEY_EVENTS_TOPIC } from './topics';

/**
 * One request in flight (so retries cannot reorder), default murmur2 partitioner, and NOT kafkajs' idempotent mode:
 * kafkajs 2.2.4 gives a request's sequence numbers back when it fails, even when the broker has written it (a reply
 * lost to a broker killed mid-request). The next batch of the same size on that partition, often another journey's,
 * then carries the same numbers, and the broker acknowledges it as a duplicate without writing it: a silent loss
 * (decision 0010). Without idempotence a retried batch may be written twice; consumers drop the copy by event id
 * and seq.
 */
export const SAFE_PRODUCER = {
  idempotent: false,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * Publishes journey events keyed by journey id, so each journey's events stay
 * in order on one partition. A send resolves only once the broker has written
 * these very messages (acks from all in-sync replicas); a retry may write them
 * twice, and consumers remove the copies (event id, seq).
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
        // traceparent: the consumer continues the trace of the command that made the event.
        headers: injectTraceContext({ 'ce-type': event.type, 'ce-id': event.id }),
      })),
    });
  }
}

import { decodeJourneyEvent, JourneyEvent } from '@waymark/event-contracts';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { SAFE_PRODUCER } from './journey-event-publisher';
import { JOURNEY_EVENTS_DLQ_TOPIC, JOURNEY_EVENTS_TOPIC } from './topics';

/**
 * Applies one partition's batch of valid events; must be idempotent and atomic. It returns the events it could
 * not apply for good (with why), which go to the dead-letter topic; throwing instead means "try the batch again".
 */
export type BatchHandler = (events: JourneyEvent[]) => Promise<{ rejected: { event: JourneyEvent; reason: string }[] }>;

export interface ConsumerSettings {
  kafka: Kafka;
  groupId: string;
  logger: Logger;
  handle: BatchHandler;
  /** Told of every dead letter, e.g. to count them. */
  onDeadLetter?: (reason: string) => void;
}

/**
 * Consumes journey events in a consumer group, a batch at a time. Offsets are
 * committed only after the handler's transaction has committed, so a crash
 * means redelivery (which the handler dedupes), never loss. A message that
 * fails validation, or that the handler rejects, goes to the dead-letter topic
 * with the reason, and the partition moves on.
 */
export class JourneyEventConsumer {
  private readonly consumer: Consumer;
  private readonly deadLetters: Producer;

  constructor(private readonly settings: ConsumerSettings) {
    this.consumer = settings.kafka.consumer({
      groupId: settings.groupId,
      allowAutoTopicCreation: false,
    });
    this.deadLetters = settings.kafka.producer(SAFE_PRODUCER);
  }

  async start(): Promise<void> {
    await this.deadLetters.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({
      topic: JOURNEY_EVENTS_TOPIC,
      fromBeginning: true,
    });
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: (p) => this.onBatch(p),
    });
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
  }

  private async onBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    if (!isRunning() || isStale() || batch.messages.length === 0) return;
    const events: JourneyEvent[] = [];
    const messages = new Map<JourneyEvent, KafkaMessage>();
    for (const message of batch.messages) {
      const decoded = decodeJourneyEvent(message.value);
      if (decoded.ok) {
        events.push(decoded.event);
        messages.set(decoded.event, message);
      } else await this.deadLetter(batch.partition, message, decoded.reason);
    }
    const { rejected } = await this.settings.handle(events);
    for (const { event, reason } of rejected) {
      await this.deadLetter(batch.partition, messages.get(event) as KafkaMessage, reason);
    }
    const last = batch.lastOffset();
    resolveOffset(last);
    await this.consumer.commitOffsets([
      {
        topic: batch.topic,
        partition: batch.partition,
        offset: (BigInt(last) + 1n).toString(),
      },
    ]);
    await heartbeat();
  }

  private async deadLetter(partition: number, message: KafkaMessage, reason: string): Promise<void> {
    this.settings.onDeadLetter?.(reason);
    this.settings.logger.error(
      { partition, offset: message.offset, reason },
      'journey event sent to the dead-letter topic',
    );
    await this.deadLetters.send({
      topic: JOURNEY_EVENTS_DLQ_TOPIC,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'dlq-reason': reason,
            'dlq-source': `${JOURNEY_EVENTS_TOPIC}/${partition}/${message.offset}`,
          },
        },
      ],
    });
  }
}

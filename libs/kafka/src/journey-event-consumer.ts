import { setTimeout as sleep } from 'node:timers/promises';
import { decodeJourneyEvent, JourneyEvent } from '@waymark/event-contracts';
import { extractTraceContext, inSpanContinuing } from '@waymark/observability';
import { Consumer, EachBatchPayload, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ConsumerHealth, ConsumerState } from './consumer-health';
import { DeadLetterKind, DLQ_HEADERS, originalHeaders } from './dead-letter-headers';
import { SAFE_PRODUCER } from './journey-event-publisher';
import { applyIsolatingPoison, DEFAULT_RETRY_POLICY, IsolationSteps, RetryPolicy } from './poison-isolation';
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
  /**
   * Asked after the handler throws: can what it writes to do other work now? No means an outage: the batch waits for
   * it, and the failure is not counted against its events. Must not throw.
   */
  available: (error: unknown) => Promise<boolean>;
  /** Tries before a failing batch's events are tried apart; defaults to {@link DEFAULT_RETRY_POLICY}. */
  retry?: RetryPolicy;
  /** Told of every dead letter, e.g. to count them. */
  onDeadLetter?: (kind: DeadLetterKind, reason: string) => void;
  /** Told of every failed try of the handler, by whether the dependency was available. */
  onFailedTry?: (available: boolean) => void;
}

/** The batch was given up half-way (the consumer is stopping, or the partition moved): the rest comes again. */
class BatchAbandoned extends Error {}

/**
 * Consumes journey events in a consumer group, a batch at a time. Offsets are committed only after the handler's
 * transaction has committed, so a crash means redelivery (which the handler dedupes), never loss. A message that
 * fails validation, or that the handler rejects, goes to the dead-letter topic with the reason, and the partition
 * moves on. A batch the handler keeps failing on is tried again with backoff; once it has failed its tries while
 * the dependency answered, its events are tried apart and only the one(s) that fail on their own are dead-lettered
 * (kind `failed`), so one poison event cannot stop a partition for good. An outage is waited out: nothing is
 * dead-lettered for it.
 */
export class JourneyEventConsumer {
  private readonly consumer: Consumer;
  private readonly deadLetters: Producer;
  private readonly retry: RetryPolicy;
  private readonly health = new ConsumerHealth();
  private readonly inHand = new Set<Promise<void>>();
  private stopping = false;

  constructor(private readonly settings: ConsumerSettings) {
    this.consumer = settings.kafka.consumer({
      groupId: settings.groupId,
      allowAutoTopicCreation: false,
    });
    this.deadLetters = settings.kafka.producer(SAFE_PRODUCER);
    this.retry = settings.retry ?? DEFAULT_RETRY_POLICY;
    this.followHealth();
  }

  /** Whether it is in its group and hearing from the broker, and when it last committed. */
  state(now = Date.now()): ConsumerState {
    return this.health.state(now);
  }

  private followHealth(): void {
    const { events } = this.consumer;
    this.consumer.on(events.GROUP_JOIN, () => this.health.joinedGroup(Date.now()));
    this.consumer.on(events.FETCH, () => this.health.heard(Date.now()));
    this.consumer.on(events.HEARTBEAT, () => this.health.heard(Date.now()));
    this.consumer.on(events.COMMIT_OFFSETS, () => this.health.committed(Date.now()));
    for (const gone of [events.CRASH, events.STOP, events.DISCONNECT]) this.consumer.on(gone, () => this.health.left());
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
      eachBatch: (p) => this.track(this.onBatch(p)),
    });
  }

  /**
   * kafkajs drops, without a word, a commit asked for once it is stopping: the batch in hand finishes and commits
   * first (one waiting out an outage is given up), or a restart would read it again.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.allSettled(this.inHand);
    await this.consumer.disconnect();
    await this.deadLetters.disconnect();
  }

  private async onBatch(payload: EachBatchPayload): Promise<void> {
    const { batch, heartbeat, isRunning, isStale } = payload;
    if (this.stopping || !isRunning() || isStale() || batch.messages.length === 0) return;
    const events: JourneyEvent[] = [];
    const messages = new Map<JourneyEvent, KafkaMessage>();
    for (const message of batch.messages) {
      const decoded = decodeJourneyEvent(message.value);
      if (decoded.ok) {
        events.push(decoded.event);
        messages.set(decoded.event, message);
      } else await this.deadLetter(batch.partition, message, 'invalid', decoded.reason);
    }
    try {
      await applyIsolatingPoison(events, this.retry, this.stepsFor(payload, events, messages));
    } catch (error) {
      if (error instanceof BatchAbandoned) return;
      throw error;
    }
    await this.keep(payload, batch.lastOffset());
    await heartbeat();
  }

  /** How a batch's events are applied, and what happens to those that cannot be. */
  private stepsFor(
    payload: EachBatchPayload,
    events: JourneyEvent[],
    messages: Map<JourneyEvent, KafkaMessage>,
  ): IsolationSteps<JourneyEvent, Awaited<ReturnType<BatchHandler>>> {
    const { partition } = payload.batch;
    const messageOf = (event: JourneyEvent) => messages.get(event) as KafkaMessage;
    const log = this.settings.logger;
    return {
      // Continues the trace of the command that made the (first) event; a batch links the others' traces.
      apply: (part) =>
        inSpanContinuing(
          `${JOURNEY_EVENTS_TOPIC} process`,
          part.map((event) => extractTraceContext(messageOf(event).headers)),
          {
            'messaging.system': 'kafka',
            'messaging.destination.partition.id': String(partition),
            'messaging.batch.message_count': part.length,
          },
          () => this.settings.handle(part),
        ),
      available: (error) => this.settings.available(error),
      wait: (ms) => this.pause(ms, payload),
      applied: async (part, { rejected }) => {
        for (const { event, reason } of rejected) {
          await this.deadLetter(partition, messageOf(event), 'unplaceable', reason);
        }
        // While a batch is tried apart, keep each part's progress.
        if (part.length < events.length) await this.keep(payload, messageOf(part[part.length - 1]).offset);
      },
      poison: async (event, error, tries) => {
        const reason = `applying it failed ${tries} times while the database answered: ${messageText(error)}`;
        log.error(
          { partition, offset: messageOf(event).offset, eventId: event.id, tries, reason },
          'poison journey event: dead-lettered so the partition can move on',
        );
        await this.deadLetter(partition, messageOf(event), 'failed', reason);
        await this.keep(payload, messageOf(event).offset);
      },
      failed: ({ size, available, counted, error }) => {
        this.settings.onFailedTry?.(available);
        log.warn(
          { partition, events: size, available, counted, tries: this.retry.tries },
          available
            ? `applying journey events failed, the database answers: ${messageText(error)}`
            : `applying journey events failed, the database is unavailable; waiting for it: ${messageText(error)}`,
        );
      },
    };
  }

  private async track(batch: Promise<void>): Promise<void> {
    this.inHand.add(batch);
    try {
      await batch;
    } finally {
      this.inHand.delete(batch);
    }
  }

  /** Marks the partition done up to and including `offset`, and commits that: a refetch or a restart goes on after. */
  private async keep({ batch, resolveOffset }: EachBatchPayload, offset: string): Promise<void> {
    resolveOffset(offset);
    await this.consumer.commitOffsets([
      { topic: batch.topic, partition: batch.partition, offset: (BigInt(offset) + 1n).toString() },
    ]);
  }

  /** Waits between tries, staying in the group; gives the batch up when the consumer stops or the partition moves. */
  private async pause(ms: number, { heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    const until = Date.now() + ms;
    for (;;) {
      if (this.stopping || !isRunning() || isStale()) throw new BatchAbandoned();
      const left = until - Date.now();
      if (left <= 0) return;
      await sleep(Math.min(left, 1000));
      await heartbeat();
    }
  }

  private async deadLetter(
    partition: number,
    message: KafkaMessage,
    kind: DeadLetterKind,
    reason: string,
  ): Promise<void> {
    this.settings.onDeadLetter?.(kind, reason);
    this.settings.logger.error(
      { partition, offset: message.offset, kind, reason },
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
            ...originalHeaders(message.headers),
            [DLQ_HEADERS.reason]: reason,
            [DLQ_HEADERS.kind]: kind,
            [DLQ_HEADERS.source]: `${JOURNEY_EVENTS_TOPIC}/${partition}/${message.offset}`,
            [DLQ_HEADERS.group]: this.settings.groupId,
            [DLQ_HEADERS.at]: new Date().toISOString(),
          },
        },
      ],
    });
  }
}

function messageText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !text.includes(code) ? `${text} (${code})` : text;
}

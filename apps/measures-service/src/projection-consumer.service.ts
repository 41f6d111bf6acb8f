import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JourneyEventConsumer } from '@waymark/kafka';
import { databaseAnswersAfter, MeasuresStore } from '@waymark/measures-store';
import { createLogger, StallWatch } from '@waymark/observability';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Kafka } from 'kafkajs';
import type { Counter, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { DEAD_LETTERS, DUPLICATES, EVENTS_APPLIED, FAILED_TRIES, POISON_EVENTS, PROJECTION_LAG } from './metrics';

/**
 * Feeds the journey-event stream into the projections for as long as the service runs, on a pool of its own
 * (readers never take its connections). Each batch is watched for the liveness probe.
 */
@Injectable()
export class ProjectionConsumerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly watch = new StallWatch();
  private readonly consumer: JourneyEventConsumer;

  constructor(
    @Inject(MEASURES_CONFIG) config: MeasuresConfig,
    @Inject(Kafka) kafka: Kafka,
    store: MeasuresStore,
    db: DataSource,
    @InjectMetric(PROJECTION_LAG) lag: Histogram,
    @InjectMetric(EVENTS_APPLIED) applied: Counter,
    @InjectMetric(DUPLICATES) duplicates: Counter,
    @InjectMetric(DEAD_LETTERS) deadLetters: Counter,
    @InjectMetric(POISON_EVENTS) poison: Counter,
    @InjectMetric(FAILED_TRIES) failedTries: Counter,
  ) {
    const logger = createLogger('measures-service', config.LOG_LEVEL);
    this.consumer = new JourneyEventConsumer({
      kafka,
      groupId: config.MEASURES_CONSUMER_GROUP,
      logger,
      retry: {
        tries: config.MEASURES_BATCH_TRIES,
        backoffMs: config.MEASURES_RETRY_BACKOFF_MS,
        maxBackoffMs: config.MEASURES_RETRY_MAX_BACKOFF_MS,
      },
      available: (error) => databaseAnswersAfter(db, error),
      onDeadLetter: (kind) => {
        deadLetters.inc();
        if (kind === 'failed') poison.inc();
      },
      onFailedTry: (available) => failedTries.inc({ database: available ? 'answers' : 'unavailable' }),
      handle: async (events) => {
        const result = await this.watch.track(() => store.apply(events));
        const committedAt = Date.now();
        for (const recordedAt of result.recordedAt) lag.observe((committedAt - Date.parse(recordedAt)) / 1000);
        applied.inc(result.applied);
        duplicates.inc(result.duplicates);
        if (result.duplicates > 0) logger.info({ duplicates: result.duplicates }, 'duplicate journey events ignored');
        return { rejected: result.unplaceable };
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  /** First thing on shutdown, while its pool is still open: the batch in hand finishes, or times out. */
  onModuleDestroy(): Promise<void> {
    return this.consumer.stop();
  }
}

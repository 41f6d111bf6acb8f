import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JourneyEventConsumer } from '@waymark/kafka';
import { databaseAnswersAfter, MeasuresStore } from '@waymark/measures-store';
import { createLogger, inSpan, StallWatch } from '@waymark/observability';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Kafka } from 'kafkajs';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import {
  DEAD_LETTERS,
  DUPLICATES,
  EVENTS_APPLIED,
  FAILED_TRIES,
  HELD_EVENTS,
  HELD_JOURNEYS,
  POISON_EVENTS,
  PROJECTION_LAG,
} from './metrics';

const HELD_REFRESH_MS = 30_000;

/**
 * Feeds the journey-event stream into the projections for as long as the service runs, on a pool of its own
 * (readers never take its connections). Each batch is watched for the liveness probe.
 */
@Injectable()
export class ProjectionConsumerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly watch = new StallWatch();
  private readonly consumer: JourneyEventConsumer;
  private gaugeRefresh?: NodeJS.Timeout;

  constructor(
    @Inject(MEASURES_CONFIG) config: MeasuresConfig,
    @Inject(Kafka) kafka: Kafka,
    private readonly store: MeasuresStore,
    db: DataSource,
    @InjectMetric(PROJECTION_LAG) lag: Histogram,
    @InjectMetric(EVENTS_APPLIED) applied: Counter,
    @InjectMetric(DUPLICATES) duplicates: Counter,
    @InjectMetric(DEAD_LETTERS) deadLetters: Counter,
    @InjectMetric(POISON_EVENTS) poison: Counter,
    @InjectMetric(FAILED_TRIES) failedTries: Counter,
    @InjectMetric(HELD_JOURNEYS) private readonly heldJourneys: Gauge,
    @InjectMetric(HELD_EVENTS) heldEvents: Counter,
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
        const result = await this.watch.track(() =>
          inSpan('projection commit', { 'waymark.events': events.length }, () => store.apply(events)),
        );
        const committedAt = Date.now();
        for (const recordedAt of result.recordedAt) lag.observe((committedAt - Date.parse(recordedAt)) / 1000);
        applied.inc(result.applied);
        duplicates.inc(result.duplicates);
        if (result.duplicates > 0) logger.info({ duplicates: result.duplicates }, 'duplicate journey events ignored');
        heldEvents.inc(result.held);
        for (const { journeyId, expectedSeq, gotSeq } of result.gaps) {
          logger.warn({ journeyId, expectedSeq, gotSeq }, 'journey events held: an earlier event is missing');
        }
        if (result.released > 0) logger.info({ released: result.released }, 'held journey events applied');
        if (result.heldJourneys !== undefined) this.heldJourneys.set(result.heldJourneys);
        return { rejected: result.unplaceable };
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Held rows outlive restarts, and other instances hold and release too: the gauge follows the table.
    await this.refreshHeldJourneys();
    this.gaugeRefresh = setInterval(() => void this.refreshHeldJourneys().catch(() => undefined), HELD_REFRESH_MS);
    this.gaugeRefresh.unref();
    await this.consumer.start();
  }

  /** First thing on shutdown, while its pool is still open: the batch in hand finishes, or times out. */
  onModuleDestroy(): Promise<void> {
    clearInterval(this.gaugeRefresh);
    return this.consumer.stop();
  }

  private async refreshHeldJourneys(): Promise<void> {
    this.heldJourneys.set(await this.store.heldJourneys());
  }
}

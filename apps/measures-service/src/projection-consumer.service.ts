import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { JourneyEventConsumer, journeyEventsLag } from '@waymark/kafka';
import { databaseAnswersAfter, MeasuresProjector } from '@waymark/measures-store';
import { createLogger, inSpan, StallWatch } from '@waymark/observability';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Admin, Kafka } from 'kafkajs';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import {
  CONSUMER_LAG,
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
const LAG_REFRESH_MS = 15_000;

/**
 * Feeds the journey-event stream into the projections for as long as the service runs, on a pool of its own
 * (readers never take its connections). Each batch is watched for the liveness probe.
 */
@Injectable()
export class ProjectionConsumerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly watch = new StallWatch();
  private readonly consumer: JourneyEventConsumer;
  private readonly admin: Admin;
  private readonly groupId: string;
  private gaugeRefresh?: NodeJS.Timeout;
  private lagRefresh?: NodeJS.Timeout;
  private stopping = false;

  constructor(
    @Inject(MEASURES_CONFIG) config: MeasuresConfig,
    @Inject(Kafka) kafka: Kafka,
    private readonly store: MeasuresProjector,
    db: DataSource,
    @InjectMetric(PROJECTION_LAG) lag: Histogram,
    @InjectMetric(EVENTS_APPLIED) applied: Counter,
    @InjectMetric(DUPLICATES) duplicates: Counter,
    @InjectMetric(DEAD_LETTERS) deadLetters: Counter,
    @InjectMetric(POISON_EVENTS) poison: Counter,
    @InjectMetric(FAILED_TRIES) failedTries: Counter,
    @InjectMetric(HELD_JOURNEYS) private readonly heldJourneys: Gauge,
    @InjectMetric(HELD_EVENTS) heldEvents: Counter,
    @InjectMetric(CONSUMER_LAG) private readonly consumerLag: Gauge<'partition'>,
  ) {
    const logger = createLogger('measures-service', config.LOG_LEVEL);
    this.admin = kafka.admin();
    this.groupId = config.MEASURES_CONSUMER_GROUP;
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
    // Lag is read from the broker, not from our batches: it keeps growing while the consumer is stuck.
    await this.refreshLag().catch(() => undefined);
    this.refreshLagLater();
    await this.consumer.start();
  }

  /** First thing on shutdown, while its pool is still open: the batch in hand finishes, or times out. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.gaugeRefresh);
    this.stopping = true;
    clearTimeout(this.lagRefresh);
    await this.consumer.stop();
    await this.admin.disconnect();
  }

  /** The next read once this one is done: while the broker is away, reads do not pile up. */
  private refreshLagLater(): void {
    this.lagRefresh = setTimeout(
      () =>
        void this.refreshLag()
          .catch(() => undefined)
          .finally(() => {
            if (!this.stopping) this.refreshLagLater();
          }),
      LAG_REFRESH_MS,
    );
    this.lagRefresh.unref();
  }

  private async refreshLag(): Promise<void> {
    await this.admin.connect(); // at once when connected; reconnects after the broker was away
    for (const { partition, lag } of await journeyEventsLag(this.admin, this.groupId)) {
      this.consumerLag.set({ partition: String(partition) }, lag);
    }
  }

  private async refreshHeldJourneys(): Promise<void> {
    this.heldJourneys.set(await this.store.heldJourneys());
  }
}

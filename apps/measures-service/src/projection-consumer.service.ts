import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JourneyEventConsumer } from '@waymark/kafka';
import { MeasuresStore } from '@waymark/measures-store';
import { createLogger } from '@waymark/observability';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import { Kafka } from 'kafkajs';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { DEAD_LETTERS, DUPLICATES, EVENTS_APPLIED, HELD_EVENTS, HELD_JOURNEYS, PROJECTION_LAG } from './metrics';

const HELD_REFRESH_MS = 30_000;

/** Feeds the journey-event stream into the projections for as long as the service runs. */
@Injectable()
export class ProjectionConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: JourneyEventConsumer;
  private gaugeRefresh?: NodeJS.Timeout;

  constructor(
    @Inject(MEASURES_CONFIG) config: MeasuresConfig,
    @Inject(Kafka) kafka: Kafka,
    private readonly store: MeasuresStore,
    @InjectMetric(PROJECTION_LAG) lag: Histogram,
    @InjectMetric(EVENTS_APPLIED) applied: Counter,
    @InjectMetric(DUPLICATES) duplicates: Counter,
    @InjectMetric(DEAD_LETTERS) deadLetters: Counter,
    @InjectMetric(HELD_JOURNEYS) private readonly heldJourneys: Gauge,
    @InjectMetric(HELD_EVENTS) heldEvents: Counter,
  ) {
    const logger = createLogger('measures-service', config.LOG_LEVEL);
    this.consumer = new JourneyEventConsumer({
      kafka,
      groupId: config.MEASURES_CONSUMER_GROUP,
      logger,
      onDeadLetter: () => deadLetters.inc(),
      handle: async (events) => {
        const result = await store.apply(events);
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

  onApplicationShutdown(): Promise<void> {
    clearInterval(this.gaugeRefresh);
    return this.consumer.stop();
  }

  private async refreshHeldJourneys(): Promise<void> {
    this.heldJourneys.set(await this.store.heldJourneys());
  }
}

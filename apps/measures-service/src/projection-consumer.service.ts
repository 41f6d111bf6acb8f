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
  CONSUMER_CONNECTED,
  CONSUMER_LAG,
  CONSUMER_LAST_COMMIT,
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
const STATE_REFRESH_MS = 5_000;

/** The consumer's state in the readiness answer's details: it does not decide readiness (reads go on without Kafka). */
export interface ConsumerDetail extends Record<string, number | boolean | null> {
  connected: boolean;
  /** Journey events not yet committed, over every partition, as last read from the broker (null before the first). */
  lagMessages: number | null;
  /** How old that reading is: it stops moving while the broker is away. */
  lagReadAgeSeconds: number | null;
  lastCommitAgeSeconds: number | null;
}

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
  private stateRefresh?: NodeJS.Timeout;
  private lag?: { messages: number; readAt: number };
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
    @InjectMetric(CONSUMER_CONNECTED) private readonly connected: Gauge,
    @InjectMetric(CONSUMER_LAST_COMMIT) private readonly lastCommit: Gauge,
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
    this.refreshState();
    this.stateRefresh = setInterval(() => this.refreshState(), STATE_REFRESH_MS);
    this.stateRefresh.unref();
    await this.consumer.start();
  }

  /** Connected, lag and last commit, for the health details. */
  detail(now = Date.now()): ConsumerDetail {
    const { connected, lastCommitAt } = this.consumer.state(now);
    const age = (at?: number) => (at === undefined ? null : Math.round((now - at) / 1000));
    return {
      connected,
      lagMessages: this.lag?.messages ?? null,
      lagReadAgeSeconds: age(this.lag?.readAt),
      lastCommitAgeSeconds: age(lastCommitAt),
    };
  }

  /** First thing on shutdown, while its pool is still open: the batch in hand finishes, or times out. */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.gaugeRefresh);
    clearInterval(this.stateRefresh);
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
    const lags = await journeyEventsLag(this.admin, this.groupId);
    for (const { partition, lag } of lags) this.consumerLag.set({ partition: String(partition) }, lag);
    this.lag = { messages: lags.reduce((sum, { lag }) => sum + lag, 0), readAt: Date.now() };
  }

  private refreshState(): void {
    const { connected, lastCommitAt } = this.consumer.state();
    this.connected.set(connected ? 1 : 0);
    if (lastCommitAt !== undefined) this.lastCommit.set(lastCommitAt / 1000);
  }

  private async refreshHeldJourneys(): Promise<void> {
    this.heldJourneys.set(await this.store.heldJourneys());
  }
}

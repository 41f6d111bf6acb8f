import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JourneyEventConsumer } from '@waymark/kafka';
import { MeasuresStore } from '@waymark/measures-store';
import { createLogger } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { MEASURES_CONFIG, MeasuresConfig } from './config';

/** Feeds the journey-event stream into the projections for as long as the service runs. */
@Injectable()
export class ProjectionConsumerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly consumer: JourneyEventConsumer;

  constructor(@Inject(MEASURES_CONFIG) config: MeasuresConfig, @Inject(Kafka) kafka: Kafka, store: MeasuresStore) {
    const logger = createLogger('measures-service', config.LOG_LEVEL);
    this.consumer = new JourneyEventConsumer({
      kafka,
      groupId: config.MEASURES_CONSUMER_GROUP,
      logger,
      handle: async (events) => {
        const result = await store.apply(events);
        if (result.duplicates > 0) logger.info(result, 'duplicate journey events ignored');
      },
    });
  }

  onApplicationBootstrap(): Promise<void> {
    return this.consumer.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.consumer.stop();
  }
}

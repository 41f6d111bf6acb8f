import { DynamicModule, Module } from '@nestjs/common';
import { kafkaConnection } from '@waymark/config';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import { createLogger, healthChecks, loggingModule } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { WORKER_CONFIG, WorkerConfig } from './config';
import { JourneyWorkerService } from './journey-worker.service';

@Module({})
export class AppModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('journey-worker', config.LOG_LEVEL),
        KafkaModule.forRoot({
          connection: kafkaConnection(config),
          clientId: 'journey-worker',
          logger: createLogger('journey-worker', config.LOG_LEVEL),
        }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        JourneyWorkerService,
        healthChecks({
          inject: [JourneyWorkerService, Kafka],
          // Ready means "runs journeys": without Kafka the workflows go on and their events wait in them (publishing
          // retries), so Kafka is a detail here, not a reason to stall a rollout or a node drain.
          useFactory: (worker: JourneyWorkerService, kafka: Kafka) => ({
            ready: [{ name: 'temporal', check: () => worker.ping() }],
            details: [
              {
                name: 'kafka',
                report: () =>
                  pingKafka(kafka).then(
                    () => ({ reachable: true }),
                    () => ({ reachable: false }),
                  ),
              },
            ],
          }),
        }),
      ],
    };
  }
}

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
          useFactory: (worker: JourneyWorkerService, kafka: Kafka) => ({
            ready: [
              { name: 'temporal', check: () => worker.ping() },
              { name: 'kafka', check: () => pingKafka(kafka) },
            ],
          }),
        }),
      ],
    };
  }
}

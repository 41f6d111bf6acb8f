import { DynamicModule, Module } from '@nestjs/common';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import { createLogger, HealthModule, loggingModule } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { WORKER_CONFIG, WorkerConfig } from './config';
import { JourneyWorkerService } from './journey-worker.service';

/** Hosts the Temporal worker; global so the health checks can see it. */
@Module({})
class WorkerHostModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerHostModule,
      global: true,
      providers: [{ provide: WORKER_CONFIG, useValue: config }, JourneyWorkerService],
      exports: [JourneyWorkerService],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('journey-worker', config.LOG_LEVEL),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'journey-worker',
          logger: createLogger('journey-worker', config.LOG_LEVEL),
        }),
        WorkerHostModule.forRoot(config),
        HealthModule.forChecks({
          inject: [JourneyWorkerService, Kafka],
          useFactory: (worker: JourneyWorkerService, kafka: Kafka) => [
            { name: 'temporal', check: () => worker.ping() },
            { name: 'kafka', check: () => pingKafka(kafka) },
          ],
        }),
      ],
    };
  }
}

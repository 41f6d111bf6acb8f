import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import { measuresDataSourceOptions, MeasuresStore } from '@waymark/measures-store';
import { createLogger, HealthModule, loggingModule } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { ProjectionConsumerService } from './projection-consumer.service';
import { SummaryController } from './summary.controller';

@Module({})
export class AppModule {
  static forRoot(config: MeasuresConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('measures-service', config.LOG_LEVEL),
        TypeOrmModule.forRoot(measuresDataSourceOptions(config.DATABASE_URL)),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'measures-service',
          logger: createLogger('measures-service', config.LOG_LEVEL),
        }),
        HealthModule.forChecks({
          inject: [DataSource, Kafka],
          useFactory: (db: DataSource, kafka: Kafka) => [
            { name: 'postgres', check: () => db.query('SELECT 1') },
            { name: 'kafka', check: () => pingKafka(kafka) },
          ],
        }),
      ],
      controllers: [SummaryController],
      providers: [
        { provide: MEASURES_CONFIG, useValue: config },
        {
          provide: MeasuresStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new MeasuresStore(db),
        },
        ProjectionConsumerService,
      ],
    };
  }
}

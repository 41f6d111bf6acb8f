import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CommissionerAccessModule,
  commissionerAccessTypeOrmModule,
  CommissionerAuthGuard,
  Public,
} from '@waymark/commissioner-access';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import { CostRates, measuresDataSourceOptions, MeasuresQueries, MeasuresStore } from '@waymark/measures-store';
import { createLogger, HealthController, HealthModule, loggingModule } from '@waymark/observability';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { ProjectionConsumerService } from './projection-consumer.service';
import { MeasuresController } from './measures.controller';
import { MetricsController } from './metrics.controller';
import { METRICS } from './metrics';

// Health probes answer without a key (observability cannot know about commissioner auth).
Public()(HealthController);

@Module({})
export class AppModule {
  static forRoot(config: MeasuresConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('measures-service', config.LOG_LEVEL),
        PrometheusModule.register({ controller: MetricsController }),
        TypeOrmModule.forRoot(measuresDataSourceOptions(config.DATABASE_URL)),
        // Commissioners' keys: a second, named connection to the commissioner_access schema, migrated at start-up.
        commissionerAccessTypeOrmModule(config.DATABASE_URL),
        CommissionerAccessModule.forRoot({ failedAuth: { limit: config.AUTH_FAILURES_PER_MINUTE } }),
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
      controllers: [MeasuresController],
      providers: [
        { provide: MEASURES_CONFIG, useValue: config },
        {
          provide: MeasuresStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new MeasuresStore(db, config.MEASURES_TIME_ZONE),
        },
        { provide: MeasuresQueries, inject: [DataSource], useFactory: (db: DataSource) => new MeasuresQueries(db) },
        { provide: CostRates, inject: [DataSource], useFactory: (db: DataSource) => new CostRates(db) },
        ...METRICS,
        ProjectionConsumerService,
        // Every route needs a commissioner key unless @Public().
        { provide: APP_GUARD, useExisting: CommissionerAuthGuard },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import {
  CommissionerAccessModule,
  commissionerAccessTypeOrmModule,
  CommissionerAuthGuard,
} from '@waymark/commissioner-access';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import {
  measuresDataSourceOptions,
  measuresPools,
  measuresReadsDataSourceOptions,
  MeasuresStore,
} from '@waymark/measures-store';
import { createLogger, healthChecks, loggingModule } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { MeasuresController } from './measures.controller';
import { METRICS } from './metrics';
import { ProjectionConsumerService } from './projection-consumer.service';
import { Reads } from './reads';

@Module({})
export class AppModule {
  static forRoot(config: MeasuresConfig): DynamicModule {
    const pools = measuresPools(config);
    const moving = (watch: { stalledMs(): number }) => () => watch.stalledMs() < config.MEASURES_STALL_TIMEOUT_MS;
    return {
      module: AppModule,
      imports: [
        loggingModule('measures-service', config.LOG_LEVEL),
        // The projections twice: the consumer's pool (default connection, runs the migrations) and the readers'.
        TypeOrmModule.forRoot(measuresDataSourceOptions(config.DATABASE_URL, pools.projection)),
        TypeOrmModule.forRoot(measuresReadsDataSourceOptions(config.DATABASE_URL, pools.reads)),
        // Commissioners' keys: a named connection to the commissioner_access schema, migrated at start-up.
        commissionerAccessTypeOrmModule(config.DATABASE_URL),
        CommissionerAccessModule.forRoot({ failedAuth: { limit: config.AUTH_FAILURES_PER_MINUTE } }),
        KafkaModule.forRoot({
          brokers: config.KAFKA_BROKERS,
          clientId: 'measures-service',
          logger: createLogger('measures-service', config.LOG_LEVEL),
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
        Reads,
        ...METRICS,
        ProjectionConsumerService,
        healthChecks({
          inject: [DataSource, Kafka, Reads, ProjectionConsumerService],
          useFactory: (db: DataSource, kafka: Kafka, reads: Reads, consumer: ProjectionConsumerService) => ({
            ready: [
              { name: 'postgres', check: () => db.query('SELECT 1') },
              { name: 'kafka', check: () => pingKafka(kafka) },
            ],
            live: [
              { name: 'reads', alive: moving(reads.admission.watch) },
              { name: 'projection', alive: moving(consumer.watch) },
            ],
          }),
        }),
        // Every route needs a commissioner key: health and metrics are on the management server, not here.
        { provide: APP_GUARD, useExisting: CommissionerAuthGuard },
      ],
    };
  }
}

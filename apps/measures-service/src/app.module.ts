import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyGuard, ApiKeysModule } from '@waymark/api-keys';
import {
  COMMISSIONER_ACCESS_DATA_SOURCE,
  commissionerAccessTypeOrmModule,
  COMMISSIONERS,
} from '@waymark/commissioner-access';
import { kafkaConnection } from '@waymark/config';
import { KafkaModule, pingKafka } from '@waymark/kafka';
import { MeasuresReading, MeasuresReadingModule } from '@waymark/measures-reading';
import { measuresDataSourceOptions, measuresPools, MeasuresStore } from '@waymark/measures-store';
import { createLogger, healthChecks, loggingModule } from '@waymark/observability';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { MeasuresController } from './measures.controller';
import { METRICS } from './metrics';
import { ProjectionConsumerService } from './projection-consumer.service';

@Module({})
export class AppModule {
  static forRoot(config: MeasuresConfig): DynamicModule {
    const pools = measuresPools(config);
    const moving = (watch: { stalledMs(): number }) => () => watch.stalledMs() < config.MEASURES_STALL_TIMEOUT_MS;
    return {
      module: AppModule,
      imports: [
        loggingModule('measures-service', config.LOG_LEVEL),
        // The projections twice: the consumer's pool (default connection, runs the migrations) and the readers', with
        // the reading use case the dashboard shares.
        TypeOrmModule.forRoot(measuresDataSourceOptions(config.DATABASE_URL, pools.projection)),
        MeasuresReadingModule.forRoot(config),
        // Commissioners' keys: a named connection to the commissioner_access schema, migrated at start-up.
        commissionerAccessTypeOrmModule(config.DATABASE_URL),
        ApiKeysModule.forRoot({
          audience: COMMISSIONERS,
          connection: COMMISSIONER_ACCESS_DATA_SOURCE,
          failedAuth: { limit: config.AUTH_FAILURES_PER_MINUTE },
        }),
        KafkaModule.forRoot({
          connection: kafkaConnection(config),
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
        ...METRICS,
        ProjectionConsumerService,
        healthChecks({
          inject: [DataSource, Kafka, MeasuresReading, ProjectionConsumerService],
          useFactory: (
            db: DataSource,
            kafka: Kafka,
            reading: MeasuresReading,
            consumer: ProjectionConsumerService,
          ) => ({
            ready: [
              { name: 'postgres', check: () => db.query('SELECT 1') },
              { name: 'kafka', check: () => pingKafka(kafka) },
            ],
            live: [
              { name: 'reads', alive: moving(reading.admission.watch) },
              { name: 'projection', alive: moving(consumer.watch) },
            ],
          }),
        }),
        // Every route needs a commissioner key: health and metrics are on the management server, not here.
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
      ],
    };
  }
}

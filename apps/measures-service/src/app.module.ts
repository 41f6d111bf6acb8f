import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { ApiKeyGuard, ApiKeysModule } from '@waymark/api-keys';
import {
  COMMISSIONER_ACCESS_DATA_SOURCE,
  commissionerAccessTypeOrmModule,
  COMMISSIONERS,
} from '@waymark/commissioner-access';
import { kafkaConnection } from '@waymark/config';
import { KafkaModule } from '@waymark/kafka';
import { MeasuresReading, MeasuresReadingModule } from '@waymark/measures-reading';
import {
  MEASURES_READS_DATA_SOURCE,
  measuresDataSourceOptions,
  measuresPools,
  MeasuresProjector,
} from '@waymark/measures-store';
import { createLogger, healthChecks, loggingModule } from '@waymark/observability';
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
          provide: MeasuresProjector,
          inject: [DataSource],
          useFactory: (db: DataSource) => new MeasuresProjector(db, config.MEASURES_TIME_ZONE),
        },
        ...METRICS,
        ProjectionConsumerService,
        healthChecks({
          inject: [getDataSourceToken(MEASURES_READS_DATA_SOURCE), MeasuresReading, ProjectionConsumerService],
          // Ready means "can answer reads" (on the readers' pool): Kafka down only delays figures, so the consumer is a
          // detail (and an alert), not a reason to take the commissioners' API out of its Service.
          useFactory: (reads: DataSource, reading: MeasuresReading, consumer: ProjectionConsumerService) => ({
            ready: [{ name: 'postgres', check: () => reads.query('SELECT 1') }],
            details: [{ name: 'consumer', report: () => consumer.detail() }],
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

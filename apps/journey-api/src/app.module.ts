import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { Client } from '@temporalio/client';
import { ApiKeyGuard, ApiKeysModule } from '@waymark/api-keys';
import { temporalConnection } from '@waymark/config';
import { IdempotencyModule } from '@waymark/idempotency';
import { JourneyClient } from '@waymark/journey-client';
import { healthChecks, loggingModule } from '@waymark/observability';
import { AesGcmPayloadCodec, payloadKeyRing } from '@waymark/payload-codec';
import { providerIdOf, PROVIDERS } from '@waymark/provider-access';
import { pingTemporal, TemporalClientModule } from '@waymark/temporal';
import { DataSource } from 'typeorm';
import { ApiConfig } from './config';
import { COMMAND_METRICS } from './journeys/command-metrics';
import { JourneyCommandsController } from './journeys/journey-commands.controller';
import { JourneysController } from './journeys/journeys.controller';
import { PageTokens } from './journeys/page-tokens';
import { providerApiTypeOrmModule } from './provider-api-data-source';
import { ProviderThrottlerGuard } from './provider-throttler.guard';

const DAY_MS = 24 * 60 * 60_000;

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    const settings = {
      stallDays: config.JOURNEY_STALL_DAYS,
      followUpDays: config.JOURNEY_FOLLOW_UP_DAYS,
      lateRecordDays: config.JOURNEY_LATE_RECORD_DAYS,
    };
    return {
      module: AppModule,
      imports: [
        loggingModule('journey-api', config.LOG_LEVEL),
        TemporalClientModule.forRoot({
          connection: temporalConnection(config),
          namespace: config.TEMPORAL_NAMESPACE,
          codec: new AesGcmPayloadCodec(payloadKeyRing(config)),
        }),
        providerApiTypeOrmModule(config.DATABASE_URL),
        ApiKeysModule.forRoot({ audience: PROVIDERS, failedAuth: { limit: config.AUTH_FAILURES_PER_MINUTE } }),
        IdempotencyModule.forRoot({
          callerOf: providerIdOf,
          retention: {
            afterMs: config.IDEMPOTENCY_RETENTION_DAYS * DAY_MS,
            everyMs: config.IDEMPOTENCY_PRUNE_INTERVAL_MINUTES * 60_000,
          },
        }),
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: 60_000, limit: config.RATE_LIMIT_PER_MINUTE }],
        }),
      ],
      controllers: [JourneysController, JourneyCommandsController],
      providers: [
        ...COMMAND_METRICS,
        healthChecks({
          inject: [Client, DataSource],
          useFactory: (client: Client, db: DataSource) => ({
            ready: [
              { name: 'temporal', check: () => pingTemporal(client) },
              { name: 'postgres', check: () => db.query('SELECT 1') },
            ],
          }),
        }),
        { provide: PageTokens, useValue: new PageTokens(payloadKeyRing(config)) },
        {
          provide: JourneyClient,
          inject: [Client],
          useFactory: (client: Client) =>
            new JourneyClient(client, settings, {
              deadlineMs: config.TEMPORAL_DEADLINE_MS,
              pilotEpoch: config.PILOT_EPOCH,
            }),
        },
        // Order matters: the throttler counts per provider, so authentication runs first.
        { provide: APP_GUARD, useExisting: ApiKeyGuard },
        { provide: APP_GUARD, useClass: ProviderThrottlerGuard },
      ],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { HealthModule, loggingModule } from '@waymark/observability';
import { pingTemporal, TemporalClientModule } from '@waymark/temporal';
import { ApiConfig } from './config';
import { JourneysController } from './journeys/journeys.controller';
import { JourneysService } from './journeys/journeys.service';

@Module({})
export class AppModule {
  static forRoot(config: ApiConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule('journey-api', config.LOG_LEVEL),
        TemporalClientModule.forRoot({
          address: config.TEMPORAL_ADDRESS,
          namespace: config.TEMPORAL_NAMESPACE,
        }),
        HealthModule.forChecks({
          inject: [Client],
          useFactory: (client: Client) => [{ name: 'temporal', check: () => pingTemporal(client) }],
        }),
      ],
      controllers: [JourneysController],
      providers: [JourneysService],
    };
  }
}

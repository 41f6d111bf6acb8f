import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { connectClient, TemporalSettings } from './client';

/** Provides one Temporal `Client` to the whole app and closes it on shutdown. */
@Module({})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  static forRoot(settings: TemporalSettings): DynamicModule {
    return {
      module: TemporalClientModule,
      global: true,
      providers: [{ provide: Client, useFactory: () => connectClient(settings) }],
      exports: [Client],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

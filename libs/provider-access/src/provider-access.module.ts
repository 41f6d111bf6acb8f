import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FailedAuthLimiter, FailedAuthLimits } from '@waymark/api-keys';
import { DataSource } from 'typeorm';
import { CredentialStore } from './credential-store';
import { providerApiDataSourceOptions, ProviderApiDataSource } from './data-source';
import { ProviderAuthGuard } from './provider-auth.guard';
import { AuthCacheOptions, ProviderAuthenticator } from './provider-authenticator';

export interface ProviderAccessOptions {
  authCache?: AuthCacheOptions;
  /** Failed authentications allowed per client address and window (see FailedAuthLimiter). */
  failedAuth?: FailedAuthLimits;
}

/**
 * The credential store, the cached authenticator and the guard. Needs the provider_api DataSource
 * (providerApiTypeOrmModule); the app registers the guard: `{ provide: APP_GUARD, useClass: ProviderAuthGuard }`.
 */
@Module({})
export class ProviderAccessModule {
  static forRoot(options: ProviderAccessOptions = {}): DynamicModule {
    return {
      module: ProviderAccessModule,
      providers: [
        { provide: CredentialStore, inject: [DataSource], useFactory: (db: DataSource) => new CredentialStore(db) },
        {
          provide: ProviderAuthenticator,
          inject: [CredentialStore],
          useFactory: (store: CredentialStore) => new ProviderAuthenticator(store, options.authCache),
        },
        { provide: FailedAuthLimiter, useValue: new FailedAuthLimiter(options.failedAuth) },
        ProviderAuthGuard,
      ],
      exports: [CredentialStore, ProviderAuthenticator, FailedAuthLimiter, ProviderAuthGuard],
    };
  }
}

/** journey-api's TypeORM connection to the provider_api schema, migrated at start-up. */
export function providerApiTypeOrmModule(url: string): DynamicModule {
  return TypeOrmModule.forRootAsync({
    useFactory: () => providerApiDataSourceOptions(url),
    dataSourceFactory: async (options) => new ProviderApiDataSource(options ?? providerApiDataSourceOptions(url)),
  });
}

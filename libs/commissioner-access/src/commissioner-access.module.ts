import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { AuthCacheOptions, FailedAuthLimiter, FailedAuthLimits } from '@waymark/api-keys';
import { DataSource } from 'typeorm';
import { CommissionerAuthGuard } from './commissioner-auth.guard';
import { CommissionerAuthenticator } from './commissioner-authenticator';
import { CommissionerCredentialStore } from './commissioner-credential-store';
import {
  COMMISSIONER_ACCESS_DATA_SOURCE,
  CommissionerAccessDataSource,
  commissionerAccessDataSourceOptions,
} from './data-source';

export interface CommissionerAccessOptions {
  authCache?: AuthCacheOptions;
  /** Failed authentications allowed per client address and window (see FailedAuthLimiter). */
  failedAuth?: FailedAuthLimits;
}

/**
 * The credential store, the cached authenticator and the guard. Needs the commissioner-access connection
 * (commissionerAccessTypeOrmModule); the app registers the guard:
 * `{ provide: APP_GUARD, useExisting: CommissionerAuthGuard }`.
 */
@Module({})
export class CommissionerAccessModule {
  static forRoot(options: CommissionerAccessOptions = {}): DynamicModule {
    return {
      module: CommissionerAccessModule,
      providers: [
        {
          provide: CommissionerCredentialStore,
          inject: [getDataSourceToken(COMMISSIONER_ACCESS_DATA_SOURCE)],
          useFactory: (db: DataSource) => new CommissionerCredentialStore(db),
        },
        {
          provide: CommissionerAuthenticator,
          inject: [CommissionerCredentialStore],
          useFactory: (store: CommissionerCredentialStore) => new CommissionerAuthenticator(store, options.authCache),
        },
        { provide: FailedAuthLimiter, useValue: new FailedAuthLimiter(options.failedAuth) },
        CommissionerAuthGuard,
      ],
      exports: [CommissionerCredentialStore, CommissionerAuthenticator, FailedAuthLimiter, CommissionerAuthGuard],
    };
  }
}

/**
 * A TypeORM connection of its own, named COMMISSIONER_ACCESS_DATA_SOURCE, to the commissioner_access schema,
 * migrated at start-up. It sits beside the app's default connection (measures-service's projections) without
 * touching it: each has its own schema and migrations table.
 */
export function commissionerAccessTypeOrmModule(url: string): DynamicModule {
  // The name goes in the options too: on shutdown @nestjs/typeorm finds the connection to close by the options'
  // name, and without it would look for the default connection (the projections') and fail.
  const options = () => ({ ...commissionerAccessDataSourceOptions(url), name: COMMISSIONER_ACCESS_DATA_SOURCE });
  return TypeOrmModule.forRootAsync({
    name: COMMISSIONER_ACCESS_DATA_SOURCE,
    useFactory: options,
    dataSourceFactory: async (given) => new CommissionerAccessDataSource(given ?? options()),
  });
}

import { DynamicModule, Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ApiKeyGuard } from './api-key.guard';
import type { CredentialAudience } from './audience';
import { AuthCacheOptions, CachedAuthenticator } from './cached-authenticator';
import { CredentialStore } from './credential-store';
import { FailedAuthLimiter, FailedAuthLimits } from './failed-auth-limiter';

export interface ApiKeysOptions {
  audience: CredentialAudience;
  /** The TypeORM connection holding the audience's schema; the app's default connection unless named. */
  connection?: string;
  authCache?: AuthCacheOptions;
  /** Failed authentications allowed per client address and window (see FailedAuthLimiter). */
  failedAuth?: FailedAuthLimits;
}

/**
 * One audience's credential store, its cached authenticator, the failed-authentication limiter and the guard. An app
 * serves one audience, and registers the guard itself: `{ provide: APP_GUARD, useExisting: ApiKeyGuard }`.
 */
@Module({})
export class ApiKeysModule {
  static forRoot({ audience, connection, authCache, failedAuth }: ApiKeysOptions): DynamicModule {
    return {
      module: ApiKeysModule,
      providers: [
        {
          provide: CredentialStore,
          inject: [getDataSourceToken(connection)],
          useFactory: (db: DataSource) => new CredentialStore(db, audience),
        },
        {
          provide: CachedAuthenticator,
          inject: [CredentialStore],
          useFactory: (store: CredentialStore) => new CachedAuthenticator(store, authCache),
        },
        { provide: FailedAuthLimiter, useValue: new FailedAuthLimiter(failedAuth) },
        {
          provide: ApiKeyGuard,
          inject: [Reflector, CachedAuthenticator, FailedAuthLimiter],
          useFactory: (reflector: Reflector, keys: CachedAuthenticator, failures: FailedAuthLimiter) =>
            new ApiKeyGuard(reflector, keys, audience.caller, failures),
        },
      ],
      exports: [CredentialStore, CachedAuthenticator, FailedAuthLimiter, ApiKeyGuard],
    };
  }
}

import { DynamicModule, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { IDEMPOTENCY_OPTIONS, IdempotencyOptions } from './idempotency-options';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyPruner } from './idempotency-pruner';
import { IdempotencyStore } from './idempotency-store';

/**
 * The store and the interceptor; needs the app's TypeORM DataSource (provider-access's providerApiTypeOrmModule).
 * Apply with `@UseInterceptors(IdempotencyInterceptor)` on POST routes. With `retention`, old records are pruned.
 */
@Module({})
export class IdempotencyModule {
  static forRoot(options: IdempotencyOptions): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [
        { provide: IDEMPOTENCY_OPTIONS, useValue: options },
        {
          provide: IdempotencyStore,
          inject: [DataSource],
          useFactory: (db: DataSource) => new IdempotencyStore(db, options.leaseMs),
        },
        IdempotencyInterceptor,
        IdempotencyPruner,
      ],
      exports: [IDEMPOTENCY_OPTIONS, IdempotencyStore, IdempotencyInterceptor],
    };
  }
}

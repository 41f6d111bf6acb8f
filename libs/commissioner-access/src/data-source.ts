import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { openSchemaDataSource, SchemaDataSource, schemaDataSourceOptions, SchemaSettings } from '@waymark/api-keys';
import type { DataSource } from 'typeorm';
import { COMMISSIONERS } from './commissioners';
import { CommissionerCredentials1764547200000 } from './migrations/1764547200000-commissioner-credentials';
import { CommissionerSessions1765152000000 } from './migrations/1765152000000-commissioner-sessions';

/**
 * The name of the TypeORM connection to the commissioner_access schema, beside measures-service's and the
 * dashboard's default (projection) connections. Inject it with `@InjectDataSource(COMMISSIONER_ACCESS_DATA_SOURCE)`.
 */
export const COMMISSIONER_ACCESS_DATA_SOURCE = 'commissioner-access';

/**
 * commissioner_access: commissioners' keys and the dashboard's sessions, both this library's. Every process that holds
 * them (measures-service, the dashboard, ops-cli) migrates the schema at start-up, taking turns under the lock.
 */
const settings = (url: string): SchemaSettings => ({
  url,
  schema: COMMISSIONERS.schema,
  parts: [{ migrations: [CommissionerCredentials1764547200000, CommissionerSessions1765152000000] }],
  // One small lookup per request that misses the authentication cache: a few connections are plenty, and none of
  // them may wait forever (decision 0012).
  pool: {
    max: 4,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 5_000,
    idle_in_transaction_session_timeout: 30_000,
  },
});

/** Connects and brings the schema up to date. */
export function openCommissionerAccessDataSource(url: string): Promise<DataSource> {
  return openSchemaDataSource(settings(url));
}

/** The named connection COMMISSIONER_ACCESS_DATA_SOURCE, migrated at start-up. */
export function commissionerAccessTypeOrmModule(url: string): DynamicModule {
  // The name goes in the options too: on shutdown @nestjs/typeorm finds the connection to close by the options'
  // name, and without it would look for the default connection (the projections') and fail.
  const options = () => ({ ...schemaDataSourceOptions(settings(url)), name: COMMISSIONER_ACCESS_DATA_SOURCE });
  return TypeOrmModule.forRootAsync({
    name: COMMISSIONER_ACCESS_DATA_SOURCE,
    useFactory: options,
    dataSourceFactory: async (given) => new SchemaDataSource(given ?? options()),
  });
}

import { IDEMPOTENCY_ENTITIES, IDEMPOTENCY_MIGRATIONS } from '@waymark/idempotency';
import { DataSource, DataSourceOptions } from 'typeorm';
import { ProviderCredentials1764460800000 } from './migrations/1764460800000-provider-credentials';
import { ProviderCredential } from './provider-credential.entity';

/** journey-api's own tables live here, apart from measures-service's, in the same database. */
export const PROVIDER_API_SCHEMA = 'provider_api';

export const PROVIDER_API_ENTITIES = [ProviderCredential, ...IDEMPOTENCY_ENTITIES];
export const PROVIDER_API_MIGRATIONS = [ProviderCredentials1764460800000, ...IDEMPOTENCY_MIGRATIONS];

type PostgresOptions = Extract<DataSourceOptions, { type: 'postgres' }>;

/**
 * The schema comes only from migrations, run at start-up and recorded in provider_api.migrations; never from
 * synchronize. Start it with ProviderApiDataSource, which creates the schema that table lives in.
 */
export function providerApiDataSourceOptions(url: string): PostgresOptions {
  return {
    type: 'postgres',
    url,
    schema: PROVIDER_API_SCHEMA,
    entities: PROVIDER_API_ENTITIES,
    migrations: PROVIDER_API_MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: 10 },
  };
}

/**
 * TypeORM creates its migrations table before it runs the first migration, and fails on a fresh database because
 * the schema that table belongs in does not exist yet; so the schema is created first.
 */
export class ProviderApiDataSource extends DataSource {
  override async runMigrations(options?: Parameters<DataSource['runMigrations']>[0]) {
    await this.query(`CREATE SCHEMA IF NOT EXISTS ${PROVIDER_API_SCHEMA}`);
    return super.runMigrations(options);
  }
}

/** Connects and brings the schema up to date. */
export function openProviderApiDataSource(url: string): Promise<DataSource> {
  return new ProviderApiDataSource(providerApiDataSourceOptions(url)).initialize();
}

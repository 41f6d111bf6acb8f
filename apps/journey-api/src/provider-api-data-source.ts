import { DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchemaDataSource, schemaDataSourceOptions, SchemaSettings } from '@waymark/api-keys';
import { IDEMPOTENCY_RECORDS } from '@waymark/idempotency';
import { PROVIDER_CREDENTIALS, PROVIDERS } from '@waymark/provider-access';

/**
 * journey-api's own schema, provider_api (the provider API's): providers' keys and idempotency records, apart from
 * measures-service's schemas in the same database. ops-cli's `providers keys` migrates the same parts.
 */
export const providerApiSchema = (url: string): SchemaSettings => ({
  url,
  schema: PROVIDERS.schema,
  parts: [PROVIDER_CREDENTIALS, IDEMPOTENCY_RECORDS],
  pool: { max: 10 },
});

/** The app's default TypeORM connection, to provider_api, migrated at start-up. */
export function providerApiTypeOrmModule(url: string): DynamicModule {
  const settings = providerApiSchema(url);
  return TypeOrmModule.forRootAsync({
    useFactory: () => schemaDataSourceOptions(settings),
    dataSourceFactory: async (options) => new SchemaDataSource(options ?? schemaDataSourceOptions(settings)),
  });
}

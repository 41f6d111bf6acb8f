import { ApiKeyParts, openSchemaDataSource, SchemaSettings } from '@waymark/api-keys';
import { IDEMPOTENCY_RECORDS } from '@waymark/idempotency';
import { PROVIDER_CREDENTIALS, PROVIDERS } from '@waymark/provider-access';
import type { DataSource } from 'typeorm';

export { createThrowawayDatabase } from '@waymark/test-support';

/** journey-api's provider_api schema, with the parts journey-api puts in it (apps/journey-api/src/provider-api-data-source.ts). */
export const providerApiSchema = (url: string): SchemaSettings => ({
  url,
  schema: PROVIDERS.schema,
  parts: [PROVIDER_CREDENTIALS, IDEMPOTENCY_RECORDS],
  pool: { max: 10 },
});

/** Connects to provider_api as journey-api does, and brings it up to date. */
export const openProviderApiDataSource = (url: string): Promise<DataSource> =>
  openSchemaDataSource(providerApiSchema(url));

/** The key id and secret of a key the store issued (which always parses). */
export function keyParts(apiKey: string): ApiKeyParts {
  const parts = PROVIDERS.keys.parse(apiKey);
  if (!parts) throw new Error(`not an API key: ${apiKey}`);
  return parts;
}

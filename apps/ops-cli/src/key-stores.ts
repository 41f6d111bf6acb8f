import { CredentialStore, openSchemaDataSource } from '@waymark/api-keys';
import { COMMISSIONERS, openCommissionerAccessDataSource } from '@waymark/commissioner-access';
import { IDEMPOTENCY_RECORDS } from '@waymark/idempotency';
import { PROVIDER_CREDENTIALS, PROVIDERS } from '@waymark/provider-access';
import type { DataSource } from 'typeorm';
import type { KeyHolders } from './cli-args';

/**
 * journey-api's provider_api schema with the same parts journey-api puts in it (its provider-api-data-source.ts):
 * deployments run `providers keys list` first to bring the whole schema up to date before journey-api rolls.
 */
export const openProviderApiDataSource = (url: string): Promise<DataSource> =>
  openSchemaDataSource({
    url,
    schema: PROVIDERS.schema,
    parts: [PROVIDER_CREDENTIALS, IDEMPOTENCY_RECORDS],
    pool: { max: 2 },
  });

/** One audience's credential store, its schema brought up to date first; close it with `dataSource.destroy()`. */
export async function openKeyStore(
  holders: KeyHolders,
  url: string,
): Promise<{ store: CredentialStore; dataSource: DataSource }> {
  if (holders === 'providers') {
    const dataSource = await openProviderApiDataSource(url);
    return { store: new CredentialStore(dataSource, PROVIDERS), dataSource };
  }
  const dataSource = await openCommissionerAccessDataSource(url);
  return { store: new CredentialStore(dataSource, COMMISSIONERS), dataSource };
}

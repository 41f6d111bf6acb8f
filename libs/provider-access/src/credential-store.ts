import { ApiKeyStore, CredentialInputError, KeySummary } from '@waymark/api-keys';
import { providerId as providerIdSchema } from '@waymark/event-contracts';
import { DataSource } from 'typeorm';
import { PROVIDER_API_KEYS } from './api-key';
import { ProviderCredential } from './provider-credential.entity';

/** Bad input to issue(): the message says which value and why. Shared with the commissioners' store. */
export { CredentialInputError } from '@waymark/api-keys';

export type { IssuedKey } from '@waymark/api-keys';

/** What may be shown about a credential: everything but its secret. */
export type CredentialSummary = KeySummary<ProviderCredential, 'providerId'>;

function checkedProviderId(id: string): string {
  const provider = providerIdSchema.safeParse(id);
  if (!provider.success) throw new CredentialInputError(`provider id "${id}" ${provider.error.issues[0].message}`);
  return provider.data;
}

/** Provider API keys (`wmk_…`): issued and revoked by ops, checked on every provider request. */
export class CredentialStore extends ApiKeyStore<ProviderCredential, 'providerId'> {
  constructor(dataSource: DataSource) {
    super(dataSource, {
      entity: ProviderCredential,
      owner: 'providerId',
      format: PROVIDER_API_KEYS,
      checkOwner: checkedProviderId,
    });
  }
}

import { ApiKeyStore, KeySummary } from '@waymark/api-keys';
import { DataSource } from 'typeorm';
import { COMMISSIONER_API_KEYS } from './commissioner-api-key';
import { CommissionerCredential } from './commissioner-credential.entity';
import { checkedCommissionerId } from './commissioner-id';

/** What may be shown about a commissioner's credential: everything but its secret. */
export type CommissionerCredentialSummary = KeySummary<CommissionerCredential, 'commissionerId'>;

/**
 * Commissioners' API keys (`wmc_…`): issued and revoked by ops, checked on every request to measures-service.
 * Bad input to issue() is a CredentialInputError (from `@waymark/api-keys`), as for providers' keys.
 */
export class CommissionerCredentialStore extends ApiKeyStore<CommissionerCredential, 'commissionerId'> {
  constructor(dataSource: DataSource) {
    super(dataSource, {
      entity: CommissionerCredential,
      owner: 'commissionerId',
      format: COMMISSIONER_API_KEYS,
      checkOwner: checkedCommissionerId,
    });
  }
}

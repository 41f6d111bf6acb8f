import { checkedKeyLabel, hashSecret, IssuedKey, secretMatches } from '@waymark/api-keys';
import { DataSource } from 'typeorm';
import { COMMISSIONER_API_KEYS } from './commissioner-api-key';
import { CommissionerCredential } from './commissioner-credential.entity';
import { checkedCommissionerId } from './commissioner-id';

/** What may be shown about a commissioner's credential: everything but its secret. */
export type CommissionerCredentialSummary = Pick<
  CommissionerCredential,
  'keyId' | 'commissionerId' | 'label' | 'createdAt' | 'revokedAt'
>;

/**
 * Commissioners' API keys (`wmc_…`): issued and revoked by ops, checked on every request to measures-service.
 * Bad input to issue() is a CredentialInputError (from `@waymark/api-keys`), as for providers' keys.
 */
export class CommissionerCredentialStore {
  constructor(private readonly dataSource: DataSource) {}

  private get credentials() {
    return this.dataSource.getRepository(CommissionerCredential);
  }

  async issue(commissionerId: string, keyLabel?: string): Promise<IssuedKey> {
    const checkedId = checkedCommissionerId(commissionerId);
    const label = checkedKeyLabel(keyLabel);
    // A clash of two random 64-bit key ids would fail the insert on the primary key rather than share a row.
    const { keyId, secret, apiKey } = COMMISSIONER_API_KEYS.generate();
    await this.credentials.insert({ keyId, commissionerId: checkedId, secretHash: hashSecret(secret), label });
    return { keyId, apiKey };
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revoke(keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(CommissionerCredential)
      .set({ revokedAt: () => 'now()' })
      .where('key_id = :keyId AND revoked_at IS NULL', { keyId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Revoked keys included, oldest first per commissioner. Plain objects: no secret field, not even an empty one. */
  async list(commissionerId?: string): Promise<CommissionerCredentialSummary[]> {
    const credentials = await this.credentials.find({
      select: { keyId: true, commissionerId: true, label: true, createdAt: true, revokedAt: true },
      where: commissionerId === undefined ? {} : { commissionerId },
      order: { commissionerId: 'ASC', createdAt: 'ASC', keyId: 'ASC' },
    });
    return credentials.map(({ keyId, commissionerId, label, createdAt, revokedAt }) => ({
      keyId,
      commissionerId,
      label,
      createdAt,
      revokedAt,
    }));
  }

  /**
   * The commissioner a key belongs to, or null when it is malformed (a provider's `wmk_` key included), unknown,
   * revoked or its secret is wrong. Key ids are not secret, so returning early for an unknown or revoked one gives
   * nothing away; only the secret is compared in constant time.
   */
  async authenticate(apiKey: string): Promise<string | null> {
    const parts = COMMISSIONER_API_KEYS.parse(apiKey);
    if (!parts) return null;
    const credential = await this.credentials.findOne({
      select: { commissionerId: true, secretHash: true, revokedAt: true },
      where: { keyId: parts.keyId },
    });
    if (!credential || credential.revokedAt) return null;
    return secretMatches(parts.secret, credential.secretHash) ? credential.commissionerId : null;
  }
}

import { checkedKeyLabel, CredentialInputError, hashSecret, IssuedKey, secretMatches } from '@waymark/api-keys';
import { providerId as providerIdSchema } from '@waymark/event-contracts';
import { DataSource } from 'typeorm';
import { generateApiKey, parseApiKey } from './api-key';
import { ProviderCredential } from './provider-credential.entity';

/** Bad input to issue(): the message says which value and why. Shared with the commissioners' store. */
export { CredentialInputError } from '@waymark/api-keys';

export type { IssuedKey } from '@waymark/api-keys';

/** What may be shown about a credential: everything but its secret. */
export type CredentialSummary = Pick<ProviderCredential, 'keyId' | 'providerId' | 'label' | 'createdAt' | 'revokedAt'>;

/** Provider API keys: issued and revoked by ops, checked on every provider request. */
export class CredentialStore {
  constructor(private readonly dataSource: DataSource) {}

  private get credentials() {
    return this.dataSource.getRepository(ProviderCredential);
  }

  async issue(providerId: string, keyLabel?: string): Promise<IssuedKey> {
    const provider = providerIdSchema.safeParse(providerId);
    if (!provider.success)
      throw new CredentialInputError(`provider id "${providerId}" ${provider.error.issues[0].message}`);
    const label = checkedKeyLabel(keyLabel);
    // A clash of two random 64-bit key ids would fail the insert on the primary key rather than share a row.
    const { keyId, secret, apiKey } = generateApiKey();
    await this.credentials.insert({
      keyId,
      providerId: provider.data,
      secretHash: hashSecret(secret),
      label,
    });
    return { keyId, apiKey };
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revoke(keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(ProviderCredential)
      .set({ revokedAt: () => 'now()' })
      .where('key_id = :keyId AND revoked_at IS NULL', { keyId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Revoked keys included, oldest first per provider. Plain objects: no secret field, not even an empty one. */
  async list(providerId?: string): Promise<CredentialSummary[]> {
    const credentials = await this.credentials.find({
      select: { keyId: true, providerId: true, label: true, createdAt: true, revokedAt: true },
      where: providerId === undefined ? {} : { providerId },
      order: { providerId: 'ASC', createdAt: 'ASC', keyId: 'ASC' },
    });
    return credentials.map(({ keyId, providerId, label, createdAt, revokedAt }) => ({
      keyId,
      providerId,
      label,
      createdAt,
      revokedAt,
    }));
  }

  /**
   * The provider a key belongs to, or null when it is malformed, unknown, revoked or its secret is wrong. Key ids
   * are not secret, so returning early for an unknown or revoked one gives nothing away; only the secret is compared
   * in constant time.
   */
  async authenticate(apiKey: string): Promise<string | null> {
    const parts = parseApiKey(apiKey);
    if (!parts) return null;
    const credential = await this.credentials.findOne({
      select: { providerId: true, secretHash: true, revokedAt: true },
      where: { keyId: parts.keyId },
    });
    if (!credential || credential.revokedAt) return null;
    return secretMatches(parts.secret, credential.secretHash) ? credential.providerId : null;
  }
}

import { DataSource, FindOptionsOrder, FindOptionsSelect, FindOptionsWhere, ObjectType } from 'typeorm';
import { ApiKeyFormat, hashSecret, secretMatches } from './api-key';
import { checkedKeyLabel, IssuedKey } from './credential-input';

/** The columns every credential table has; the one naming whose key it is differs by kind (see `owner`). */
export interface StoredKey {
  keyId: string;
  secretHash: Buffer;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

/** What may be shown about a credential: everything but its secret. */
export type KeySummary<E extends StoredKey, O extends keyof E> = Pick<
  E,
  'keyId' | O | 'label' | 'createdAt' | 'revokedAt'
>;

export interface KeyStoreSettings<E, O> {
  entity: ObjectType<E>;
  /** The column that names the key's holder (a provider, a commissioner). */
  owner: O;
  format: ApiKeyFormat;
  /** The holder's id as given when it is valid; otherwise throws a CredentialInputError saying why. */
  checkOwner: (id: string) => string;
}

/**
 * API keys of one kind in one table: issued and revoked by ops, checked on every request. Only a hash of each
 * secret is stored. Providers' and commissioners' stores are this, each with its own table and key prefix.
 */
export class ApiKeyStore<E extends StoredKey, O extends keyof E & string> {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: KeyStoreSettings<E, O>,
  ) {}

  private get credentials() {
    return this.dataSource.getRepository(this.settings.entity);
  }

  async issue(ownerId: string, keyLabel?: string): Promise<IssuedKey> {
    const owner = this.settings.checkOwner(ownerId);
    const label = checkedKeyLabel(keyLabel);
    // A clash of two random 64-bit key ids would fail the insert on the primary key rather than share a row.
    const { keyId, secret, apiKey } = this.settings.format.generate();
    await this.credentials.insert({
      keyId,
      [this.settings.owner]: owner,
      secretHash: hashSecret(secret),
      label,
    } as never);
    return { keyId, apiKey };
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revoke(keyId: string): Promise<boolean> {
    const result = await this.dataSource
      .createQueryBuilder()
      .update(this.settings.entity)
      .set({ revokedAt: () => 'now()' } as never)
      .where('key_id = :keyId AND revoked_at IS NULL', { keyId })
      .execute();
    return (result.affected ?? 0) > 0;
  }

  /** Revoked keys included, oldest first per holder. Plain objects: no secret field, not even an empty one. */
  async list(ownerId?: string): Promise<KeySummary<E, O>[]> {
    const { owner } = this.settings;
    const credentials = await this.credentials.find({
      select: { keyId: true, [owner]: true, label: true, createdAt: true, revokedAt: true } as FindOptionsSelect<E>,
      where: (ownerId === undefined ? {} : { [owner]: ownerId }) as FindOptionsWhere<E>,
      order: { [owner]: 'ASC', createdAt: 'ASC', keyId: 'ASC' } as FindOptionsOrder<E>,
    });
    return credentials.map(
      (c) =>
        ({
          keyId: c.keyId,
          [owner]: c[owner],
          label: c.label,
          createdAt: c.createdAt,
          revokedAt: c.revokedAt,
        }) as KeySummary<E, O>,
    );
  }

  /**
   * Whose key it is, or null when it is malformed (another kind's key included), unknown, revoked or its secret is
   * wrong. Key ids are not secret, so returning early for an unknown or revoked one gives nothing away; only the
   * secret is compared in constant time.
   */
  async authenticate(apiKey: string): Promise<string | null> {
    const parts = this.settings.format.parse(apiKey);
    if (!parts) return null;
    const { owner } = this.settings;
    const credential = await this.credentials.findOne({
      select: { [owner]: true, secretHash: true, revokedAt: true } as FindOptionsSelect<E>,
      where: { keyId: parts.keyId } as FindOptionsWhere<E>,
    });
    if (!credential || credential.revokedAt) return null;
    return secretMatches(parts.secret, credential.secretHash) ? String(credential[owner]) : null;
  }
}

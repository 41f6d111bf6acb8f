import type { DataSource } from 'typeorm';
import { hashSecret, secretMatches } from './api-key';
import type { CredentialAudience } from './audience';
import { checkedKeyLabel, IssuedKey } from './credential-input';
import type { KeyAuthenticator } from './cached-authenticator';

/** What may be shown about a credential: everything but its secret. `ownerId` is the provider's or commissioner's. */
export interface CredentialSummary {
  keyId: string;
  ownerId: string;
  label: string | null;
  createdAt: Date;
  revokedAt: Date | null;
}

interface SummaryRow {
  key_id: string;
  owner_id: string;
  label: string | null;
  created_at: Date;
  revoked_at: Date | null;
}

/**
 * One audience's API keys in its credentials table: issued and revoked by ops, checked on every request. Only a
 * hash of each secret is stored. The table and column names come from the audience (checked when it was made).
 */
export class CredentialStore implements KeyAuthenticator {
  constructor(
    private readonly dataSource: DataSource,
    readonly audience: CredentialAudience,
  ) {}

  async issue(ownerId: string, keyLabel?: string): Promise<IssuedKey> {
    const owner = this.audience.checkOwner(ownerId);
    const label = checkedKeyLabel(keyLabel);
    // A clash of two random 64-bit key ids would fail the insert on the primary key rather than share a row.
    const { keyId, secret, apiKey } = this.audience.keys.generate();
    await this.dataSource.query(
      `INSERT INTO ${this.audience.table} (key_id, ${this.audience.ownerColumn}, secret_hash, label)
       VALUES ($1, $2, $3, $4)`,
      [keyId, owner, hashSecret(secret), label],
    );
    return { keyId, apiKey };
  }

  /** True when this call revoked the key; false when there is no such key or it was revoked already. */
  async revoke(keyId: string): Promise<boolean> {
    const [, revoked]: [unknown, number] = await this.dataSource.query(
      `UPDATE ${this.audience.table} SET revoked_at = now() WHERE key_id = $1 AND revoked_at IS NULL`,
      [keyId],
    );
    return revoked > 0;
  }

  /** Revoked keys included, oldest first per holder; never a secret. */
  async list(ownerId?: string): Promise<CredentialSummary[]> {
    const { table, ownerColumn } = this.audience;
    const rows: SummaryRow[] = await this.dataSource.query(
      `SELECT key_id, ${ownerColumn} AS owner_id, label, created_at, revoked_at FROM ${table}
       WHERE $1::text IS NULL OR ${ownerColumn} = $1
       ORDER BY ${ownerColumn}, created_at, key_id`,
      [ownerId ?? null],
    );
    return rows.map((row) => ({
      keyId: row.key_id,
      ownerId: row.owner_id,
      label: row.label,
      createdAt: row.created_at,
      revokedAt: row.revoked_at,
    }));
  }

  /**
   * Whose key it is, or null when it is malformed (another audience's key included), unknown, revoked or its secret
   * is wrong. Key ids are not secret, so returning early for an unknown or revoked one gives nothing away; only the
   * secret is compared in constant time.
   */
  async authenticate(apiKey: string): Promise<string | null> {
    const parts = this.audience.keys.parse(apiKey);
    if (!parts) return null;
    const [credential]: { owner_id: string; secret_hash: Buffer; revoked_at: Date | null }[] =
      await this.dataSource.query(
        `SELECT ${this.audience.ownerColumn} AS owner_id, secret_hash, revoked_at FROM ${this.audience.table}
         WHERE key_id = $1`,
        [parts.keyId],
      );
    if (!credential || credential.revoked_at) return null;
    return secretMatches(parts.secret, credential.secret_hash) ? credential.owner_id : null;
  }
}

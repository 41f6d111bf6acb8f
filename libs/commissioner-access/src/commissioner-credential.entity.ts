import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One API key of one commissioner. The key itself is never stored, only a hash of its secret. */
@Entity({ name: 'commissioner_credentials', schema: 'commissioner_access' })
export class CommissionerCredential {
  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId!: string;

  @Column({ name: 'commissioner_id', type: 'text' })
  commissionerId!: string;

  /** SHA-256 of the secret; left out of queries unless asked for by name. */
  @Column({ name: 'secret_hash', type: 'bytea', select: false })
  secretHash!: Buffer;

  @Column({ type: 'text', nullable: true })
  label!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

export type IdempotencyStatus = 'in-progress' | 'completed';

/**
 * One Idempotency-Key of one provider: the request it was first used with, and once that request has finished,
 * the response to replay. The table's schema comes from the data source (provider_api).
 */
@Entity('idempotency_records')
export class IdempotencyRecord {
  @PrimaryColumn({ name: 'provider_id', type: 'text' })
  providerId!: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey!: string;

  /** SHA-256 hex of method, path and canonical JSON body (see requestFingerprint). */
  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint!: string;

  @Column({ type: 'text' })
  status!: IdempotencyStatus;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus!: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody!: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** When the current attempt took the key: its lease runs from here (a takeover renews it). */
  @Column({ name: 'started_at', type: 'timestamptz', default: () => 'now()' })
  startedAt!: Date;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}

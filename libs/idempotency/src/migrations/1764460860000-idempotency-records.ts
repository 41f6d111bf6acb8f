import { MigrationInterface, QueryRunner } from 'typeorm';

/** Runs after provider-access's first migration, which creates the provider_api schema. */
export class IdempotencyRecords1764460860000 implements MigrationInterface {
  name = 'IdempotencyRecords1764460860000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_api.idempotency_records (
        provider_id         text NOT NULL,
        idempotency_key     text NOT NULL,
        request_fingerprint text NOT NULL,
        status              text NOT NULL,
        response_status     integer,
        response_body       jsonb,
        created_at          timestamptz NOT NULL DEFAULT now(),
        started_at          timestamptz NOT NULL DEFAULT now(),
        completed_at        timestamptz,
        CONSTRAINT pk_idempotency_records PRIMARY KEY (provider_id, idempotency_key),
        CONSTRAINT ck_idempotency_records_key CHECK (length(idempotency_key) BETWEEN 1 AND 255),
        CONSTRAINT ck_idempotency_records_status CHECK (status IN ('in-progress', 'completed')),
        CONSTRAINT ck_idempotency_records_completed
          CHECK ((status = 'completed') = (response_status IS NOT NULL AND completed_at IS NOT NULL))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_api.idempotency_records`);
  }
}

import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Records are now pruned by age (IdempotencyStore.prune), which reads them by created_at.
 *
 * Openings used to keep their whole answer, the provider's personRef included; journey-api now keeps only the
 * journey's id and makes the rest again from the repeated request (apps/journey-api opening-replay.ts). Records kept
 * before are cut down to the same: a replay of them answers exactly as before. This cannot be undone (down keeps
 * them cut down).
 */
export class IdempotencyRetention1764921600000 implements MigrationInterface {
  name = 'IdempotencyRetention1764921600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_idempotency_records_created_at ON provider_api.idempotency_records (created_at)`);
    await q.query(`
      UPDATE provider_api.idempotency_records
         SET response_body = jsonb_build_object('journeyId', response_body -> 'journeyId')
       WHERE status = 'completed' AND response_status < 400
         AND jsonb_typeof(response_body) = 'object' AND response_body ? 'personRef'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX provider_api.ix_idempotency_records_created_at`);
  }
}

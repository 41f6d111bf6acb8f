import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events kept back behind a gap in their journey's seq (decision 0010), one row per journey and seq, so a copy
 * delivered twice is held once. Written in the same transaction as the batch that holds or releases them.
 */
export class HeldEvents1764662400000 implements MigrationInterface {
  name = 'HeldEvents1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE held_events (
        journey_id uuid NOT NULL,
        seq        integer NOT NULL,
        event      jsonb NOT NULL,
        held_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (journey_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE held_events`);
  }
}

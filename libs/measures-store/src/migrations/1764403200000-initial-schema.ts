import { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1764403200000 implements MigrationInterface {
  name = 'InitialSchema1764403200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE processed_events (
        event_id     text PRIMARY KEY,
        journey_id   uuid NOT NULL,
        seq          integer NOT NULL,
        recorded_at  timestamptz NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_processed_events_journey_seq UNIQUE (journey_id, seq)
      )`);
    await q.query(`
      CREATE TABLE journeys (
        journey_id       uuid PRIMARY KEY,
        lead_provider_id text NOT NULL,
        area_code        text NOT NULL,
        age_band         text NOT NULL,
        opened_at        timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ix_journeys_provider_opened ON journeys (lead_provider_id, opened_at)`);
    await q.query(`CREATE INDEX ix_journeys_area_opened ON journeys (area_code, opened_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE journeys`);
    await q.query(`DROP TABLE processed_events`);
  }
}

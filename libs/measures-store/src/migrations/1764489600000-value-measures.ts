import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projections behind every value and volume measure (docs/measures.md). The first schema's tables are
 * replaced: projections are rebuilt from the journey-event topic, so nothing is lost by dropping them.
 * Dedupe moves into each journey's facts (its last applied seq), written in the same transaction.
 */
export class ValueMeasures1764489600000 implements MigrationInterface {
  name = 'ValueMeasures1764489600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE journeys`);
    await q.query(`DROP TABLE processed_events`);
    await q.query(`
      CREATE TABLE journey_facts (
        journey_id uuid PRIMARY KEY,
        facts      jsonb NOT NULL
      )`);
    await q.query(`
      CREATE TABLE activity_daily (
        day         date NOT NULL,
        provider_id text NOT NULL,
        area_code   text NOT NULL,
        metric      text NOT NULL,
        count       bigint NOT NULL,
        minutes     bigint NOT NULL,
        PRIMARY KEY (day, provider_id, area_code, metric)
      )`);
    await q.query(`
      CREATE TABLE closures (
        journey_id         uuid NOT NULL,
        seq                integer NOT NULL,
        day                date NOT NULL,
        closed_at          timestamptz NOT NULL,
        provider_id        text NOT NULL,
        area_code          text NOT NULL,
        outcome            text NOT NULL CHECK (outcome IN ('resolved', 'unresolved')),
        follow_up          text CHECK (follow_up IN ('pending', 'sustained', 'reopened')),
        final              boolean NOT NULL,
        end_to_end_ms      bigint NOT NULL,
        accepted_hand_offs integer NOT NULL,
        assessments        integer NOT NULL,
        what_matters_ms    bigint,
        progress_change    integer,
        PRIMARY KEY (journey_id, seq)
      )`);
    await q.query(`CREATE INDEX ix_closures_day ON closures (day)`);
    await q.query(`CREATE INDEX ix_closures_provider_day ON closures (provider_id, day)`);
    await q.query(`CREATE INDEX ix_closures_area_day ON closures (area_code, day)`);
    await q.query(`
      CREATE INDEX ix_closures_sustained ON closures (day, closed_at) INCLUDE (end_to_end_ms, provider_id, area_code)
      WHERE follow_up = 'sustained'`);
    await q.query(`
      CREATE TABLE sustained_minutes (
        day                date NOT NULL,
        provider_id        text NOT NULL,
        area_code          text NOT NULL,
        worker_provider_id text NOT NULL,
        minutes            bigint NOT NULL,
        PRIMARY KEY (day, provider_id, area_code, worker_provider_id)
      )`);
    await q.query(`
      CREATE TABLE projection_watermark (
        id               smallint PRIMARY KEY CHECK (id = 1),
        last_recorded_at timestamptz,
        last_applied_at  timestamptz,
        events_applied   bigint NOT NULL
      )`);
    await q.query(`INSERT INTO projection_watermark (id, events_applied) VALUES (1, 0)`);
    await q.query(`
      CREATE TABLE cost_rates (
        provider_id text PRIMARY KEY,
        hourly_rate numeric(10, 2) NOT NULL CHECK (hourly_rate >= 0),
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['cost_rates', 'projection_watermark', 'sustained_minutes', 'closures', 'activity_daily']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP TABLE journey_facts`);
    await q.query(`
      CREATE TABLE processed_events (
        event_id text PRIMARY KEY, journey_id uuid NOT NULL, seq integer NOT NULL, recorded_at timestamptz NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(), CONSTRAINT uq_processed_events_journey_seq UNIQUE (journey_id, seq)
      )`);
    await q.query(`
      CREATE TABLE journeys (
        journey_id uuid PRIMARY KEY, lead_provider_id text NOT NULL, area_code text NOT NULL, age_band text NOT NULL,
        opened_at timestamptz NOT NULL
      )`);
  }
}

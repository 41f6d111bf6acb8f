import { MigrationInterface, QueryRunner } from 'typeorm';

/** Day, ISO week and month; each for the pair, every provider (''), every area ('') and both; the pair only by day. */
const ROLLUP = `
  CROSS JOIN LATERAL (VALUES ('day', u.day), ('week', date_trunc('week', u.day)::date),
                             ('month', date_trunc('month', u.day)::date)) AS g(grain, period)
  CROSS JOIN LATERAL (VALUES (u.provider_id, u.area_code), (u.provider_id, ''), ('', u.area_code), ('', ''))
    AS v(provider_id, area_code)
  WHERE g.grain = 'day' OR v.provider_id = '' OR v.area_code = ''`;

/** As CLOSURE_COUNTS of the measure catalogue (measures-maths) then, in snake case (frozen here, as this migration is). */
const CLOSURE_COUNTS = [
  'closures',
  'unresolved',
  'sustained',
  'reopened',
  'pending',
  'final',
  'accepted_hand_offs',
  'assessments',
  'repeat_assessed',
  'with_what_matters',
  'rated',
];

const KEY = `provider_id text NOT NULL, area_code text NOT NULL,
  grain text NOT NULL CHECK (grain IN ('day', 'week', 'month')), period date NOT NULL`;

/**
 * Rollups by day, week and month, so a query reads about one row per metric and span instead of every day of
 * every provider and area (docs/decisions/0008). The day tables are folded in and dropped; closures stay, for the
 * exact percentile lookups and the per-journey chart, with indexes for those and no others.
 */
export class Rollups1764576000000 implements MigrationInterface {
  name = 'Rollups1764576000000';

  async up(q: QueryRunner): Promise<void> {
    // Each key carries its sums (INCLUDE), so queries read the index alone: rollup rows are updated in place and
    // end up one to a heap page, so reading the table would cost a page per row.
    await q.query(`CREATE TABLE measure_counts (${KEY}, metric text NOT NULL, count bigint NOT NULL,
      PRIMARY KEY (provider_id, area_code, grain, period, metric) INCLUDE (count))`);
    await q.query(`CREATE TABLE measure_closures (${KEY}, ${CLOSURE_COUNTS.map((c) => `${c} bigint NOT NULL`).join(', ')},
      PRIMARY KEY (provider_id, area_code, grain, period) INCLUDE (${CLOSURE_COUNTS.join(', ')}))`);
    await q.query(`CREATE TABLE measure_minutes (${KEY},
      basis text NOT NULL CHECK (basis IN ('work', 'sustained')), worker_provider_id text NOT NULL,
      minutes bigint NOT NULL,
      PRIMARY KEY (provider_id, area_code, grain, period, basis, worker_provider_id) INCLUDE (minutes))`);
    await q.query(`CREATE TABLE measure_values (${KEY},
      measure text NOT NULL CHECK (measure IN ('end_to_end_ms', 'what_matters_ms', 'progress_change')),
      bucket bigint NOT NULL, count bigint NOT NULL,
      PRIMARY KEY (provider_id, area_code, grain, period, measure, bucket) INCLUDE (count))`);

    // Fold in what is already projected (the rules of rollups.ts and closure-effects.ts, frozen here).
    await q.query(`
      INSERT INTO measure_counts (provider_id, area_code, grain, period, metric, count)
      SELECT v.provider_id, v.area_code, g.grain, g.period, u.metric, sum(u.count)
      FROM activity_daily AS u
      ${ROLLUP}
      GROUP BY 1, 2, 3, 4, 5`);
    await q.query(`
      INSERT INTO measure_closures (provider_id, area_code, grain, period, ${CLOSURE_COUNTS.join(', ')})
      SELECT v.provider_id, v.area_code, g.grain, g.period, ${CLOSURE_COUNTS.map((c) => `sum(u.${c})`).join(', ')}
      FROM (SELECT day, provider_id, area_code, 1 AS closures, (outcome = 'unresolved')::int AS unresolved,
              (follow_up = 'sustained')::int AS sustained, (follow_up = 'reopened')::int AS reopened,
              (follow_up = 'pending')::int AS pending, final::int AS final,
              final::int * accepted_hand_offs AS accepted_hand_offs, final::int * assessments AS assessments,
              (final AND assessments >= 2)::int AS repeat_assessed,
              (final AND what_matters_ms IS NOT NULL)::int AS with_what_matters,
              (final AND progress_change IS NOT NULL)::int AS rated
            FROM closures) AS u
      ${ROLLUP}
      GROUP BY 1, 2, 3, 4`);
    await q.query(`
      INSERT INTO measure_minutes (provider_id, area_code, grain, period, basis, worker_provider_id, minutes)
      SELECT v.provider_id, v.area_code, g.grain, g.period, u.basis, u.worker, sum(u.minutes)
      FROM (SELECT day, provider_id, area_code, 'work' AS basis, provider_id AS worker, minutes
            FROM activity_daily WHERE minutes <> 0
            UNION ALL
            SELECT day, provider_id, area_code, 'sustained', worker_provider_id, minutes FROM sustained_minutes) AS u
      ${ROLLUP}
      GROUP BY 1, 2, 3, 4, 5, 6`);
    await q.query(`
      INSERT INTO measure_values (provider_id, area_code, grain, period, measure, bucket, count)
      SELECT v.provider_id, v.area_code, g.grain, g.period, u.measure, u.bucket, count(*)
      FROM (SELECT day, provider_id, area_code, 'end_to_end_ms' AS measure, end_to_end_ms / 86400000 AS bucket
            FROM closures WHERE follow_up = 'sustained'
            UNION ALL
            SELECT day, provider_id, area_code, 'what_matters_ms', what_matters_ms / 3600000
            FROM closures WHERE final AND what_matters_ms IS NOT NULL
            UNION ALL
            SELECT day, provider_id, area_code, 'progress_change', progress_change
            FROM closures WHERE final AND progress_change IS NOT NULL) AS u
      ${ROLLUP}
      GROUP BY 1, 2, 3, 4, 5, 6`);
    await q.query(`DROP TABLE activity_daily`);
    await q.query(`DROP TABLE sustained_minutes`);

    // The percentile lookups (rollups.ts VALUE_BUCKETS, rollup-reader.ts): one bucket of one period, in value order.
    await q.query(`
      CREATE INDEX ix_closures_end_to_end ON closures ((end_to_end_ms / 86400000), day)
      INCLUDE (end_to_end_ms, provider_id, area_code) WHERE follow_up = 'sustained'`);
    await q.query(`
      CREATE INDEX ix_closures_what_matters ON closures ((what_matters_ms / 3600000), day)
      INCLUDE (what_matters_ms, provider_id, area_code) WHERE final AND what_matters_ms IS NOT NULL`);
    // The per-journey chart: the latest sustained closures, newest first (day follows closed_at).
    await q.query(`DROP INDEX ix_closures_sustained`);
    await q.query(`
      CREATE INDEX ix_closures_sustained ON closures (day, closed_at, journey_id)
      INCLUDE (end_to_end_ms, provider_id, area_code) WHERE follow_up = 'sustained'`);
    for (const index of ['ix_closures_day', 'ix_closures_provider_day', 'ix_closures_area_day']) {
      await q.query(`DROP INDEX ${index}`);
    }
  }

  /** Back to the day tables, empty: minutes by metric are not kept, so run `ops-cli measures rebuild` after. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_closures_sustained`);
    await q.query(`
      CREATE INDEX ix_closures_sustained ON closures (day, closed_at) INCLUDE (end_to_end_ms, provider_id, area_code)
      WHERE follow_up = 'sustained'`);
    await q.query(`CREATE INDEX ix_closures_day ON closures (day)`);
    await q.query(`CREATE INDEX ix_closures_provider_day ON closures (provider_id, day)`);
    await q.query(`CREATE INDEX ix_closures_area_day ON closures (area_code, day)`);
    await q.query(`DROP INDEX ix_closures_what_matters`);
    await q.query(`DROP INDEX ix_closures_end_to_end`);
    await q.query(`
      CREATE TABLE activity_daily (day date NOT NULL, provider_id text NOT NULL, area_code text NOT NULL,
        metric text NOT NULL, count bigint NOT NULL, minutes bigint NOT NULL,
        PRIMARY KEY (day, provider_id, area_code, metric))`);
    await q.query(`
      CREATE TABLE sustained_minutes (day date NOT NULL, provider_id text NOT NULL, area_code text NOT NULL,
        worker_provider_id text NOT NULL, minutes bigint NOT NULL,
        PRIMARY KEY (day, provider_id, area_code, worker_provider_id))`);
    await q.query(`DROP TABLE measure_values, measure_minutes, measure_closures, measure_counts`);
  }
}

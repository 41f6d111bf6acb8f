import { CLOSURE_COUNT_NAMES } from '@waymark/measures-maths';
import type { BatchProjection } from '@waymark/measures-projection';
import type { EntityManager } from 'typeorm';
import { addToRollups, ROLLUP_TABLES, RollupScope, VALUE_BUCKETS } from './rollups';

/**
 * Set-based writes: one statement per table per batch, whatever the batch size. Counters are added to (never
 * overwritten), closures and facts are replaced whole. Rows go in key order and tables in one order, so
 * concurrent batches that touch the same counters lock them in the same order.
 */
export async function writeProjection(tx: EntityManager, batch: BatchProjection, scope: RollupScope): Promise<void> {
  if (batch.applied.length === 0) return;
  await saveFacts(tx, batch);
  await saveClosures(tx, batch);
  // The rollups' rows for every provider and area are shared by all batches: written last, held shortest.
  await addActivity(tx, batch, scope);
  await addClosureCounts(tx, batch, scope);
  await addMinutes(tx, batch, scope);
  await addValues(tx, batch, scope);
  await advanceWatermark(tx, batch);
}

const byKey = <T>(rows: T[], key: (row: T) => string) =>
  [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function saveFacts(tx: EntityManager, { facts }: BatchProjection): Promise<void> {
  const rows = byKey(facts, (f) => f.journeyId);
  await tx.query(
    `INSERT INTO journey_facts (journey_id, facts)
     SELECT * FROM unnest($1::uuid[], $2::jsonb[])
     ON CONFLICT (journey_id) DO UPDATE SET facts = EXCLUDED.facts`,
    [rows.map((f) => f.journeyId), rows.map((f) => JSON.stringify(f))],
  );
}

async function saveClosures(tx: EntityManager, { closures }: BatchProjection): Promise<void> {
  if (closures.length === 0) return;
  const rows = byKey(closures, (c) => `${c.journeyId}|${c.seq}`);
  const column = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((c) => c[k]);
  await tx.query(
    `INSERT INTO closures (journey_id, seq, day, closed_at, provider_id, area_code, outcome, follow_up, final,
                           end_to_end_ms, accepted_hand_offs, assessments, what_matters_ms, progress_change)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::date[], $4::timestamptz[], $5::text[], $6::text[], $7::text[],
                          $8::text[], $9::boolean[], $10::bigint[], $11::int[], $12::int[], $13::bigint[], $14::int[])
     ON CONFLICT (journey_id, seq) DO UPDATE SET follow_up = EXCLUDED.follow_up, final = EXCLUDED.final`,
    [
      column('journeyId'),
      column('seq'),
      column('day'),
      column('closedAt'),
      column('providerId'),
      column('areaCode'),
      column('outcome'),
      column('followUp'),
      column('final'),
      column('endToEndMs'),
      column('acceptedHandOffs'),
      column('assessments'),
      column('whatMattersMs'),
      column('progressChange'),
    ],
  );
}

async function addActivity(tx: EntityManager, { activity }: BatchProjection, scope: RollupScope): Promise<void> {
  if (activity.length === 0) return;
  await tx.query(
    addToRollups(
      ROLLUP_TABLES.activity,
      `unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[]) AS x(day, provider_id, area_code, metric, count)`,
      scope,
    ),
    [
      activity.map((c) => c.day),
      activity.map((c) => c.providerId),
      activity.map((c) => c.areaCode),
      activity.map((c) => c.metric),
      activity.map((c) => c.count),
    ],
  );
}

async function addClosureCounts(
  tx: EntityManager,
  { closureCounts }: BatchProjection,
  scope: RollupScope,
): Promise<void> {
  if (closureCounts.length === 0) return;
  const { sums } = ROLLUP_TABLES.closures;
  await tx.query(
    addToRollups(
      ROLLUP_TABLES.closures,
      `unnest($1::date[], $2::text[], $3::text[], ${sums.map((_, i) => `$${i + 4}::bigint[]`).join(', ')})
        AS x(day, provider_id, area_code, ${sums.join(', ')})`,
      scope,
    ),
    [
      closureCounts.map((c) => c.day),
      closureCounts.map((c) => c.providerId),
      closureCounts.map((c) => c.areaCode),
      ...CLOSURE_COUNT_NAMES.map((name) => closureCounts.map((c) => c[name])),
    ],
  );
}

/** Work minutes by the provider that did them, and the minutes behind sustained resolutions by worker. */
async function addMinutes(tx: EntityManager, batch: BatchProjection, scope: RollupScope): Promise<void> {
  const rows = [
    ...batch.activity
      .filter((a) => a.minutes !== 0)
      .map((a) => ({ ...a, basis: 'work', workerProviderId: a.providerId })),
    ...batch.sustainedMinutes.map((m) => ({ ...m, basis: 'sustained' })),
  ];
  if (rows.length === 0) return;
  await tx.query(
    addToRollups(
      ROLLUP_TABLES.minutes,
      `unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[])
        AS x(day, provider_id, area_code, basis, worker_provider_id, minutes)`,
      scope,
    ),
    [
      rows.map((r) => r.day),
      rows.map((r) => r.providerId),
      rows.map((r) => r.areaCode),
      rows.map((r) => r.basis),
      rows.map((r) => r.workerProviderId),
      rows.map((r) => r.minutes),
    ],
  );
}

/** Adds values to (or takes them from) the count histograms, bucketed as VALUE_BUCKETS says. */
async function addValues(tx: EntityManager, { values }: BatchProjection, scope: RollupScope): Promise<void> {
  if (values.length === 0) return;
  await tx.query(
    addToRollups(
      ROLLUP_TABLES.values,
      `(SELECT day, provider_id, area_code, measure, value / width AS bucket, count
        FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[])
          AS x(day, provider_id, area_code, measure, value, width, count)) AS valued`,
      scope,
    ),
    [
      values.map((v) => v.day),
      values.map((v) => v.providerId),
      values.map((v) => v.areaCode),
      values.map((v) => v.measure),
      values.map((v) => v.value),
      values.map((v) => VALUE_BUCKETS[v.measure].width),
      values.map((v) => v.count),
    ],
  );
}

async function advanceWatermark(tx: EntityManager, { applied }: BatchProjection): Promise<void> {
  const latest = applied.reduce(
    (max, e) => (Date.parse(e.recordedat) > Date.parse(max) ? e.recordedat : max),
    applied[0].recordedat,
  );
  await tx.query(
    `UPDATE projection_watermark
     SET last_recorded_at = GREATEST(last_recorded_at, $1::timestamptz), last_applied_at = now(),
         events_applied = events_applied + $2
     WHERE id = 1`,
    [latest, applied.length],
  );
}

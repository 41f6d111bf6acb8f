import type { BatchProjection } from '@waymark/measures-projection';
import type { EntityManager } from 'typeorm';

/**
 * Set-based writes: one statement per table per batch, whatever the batch size. Counters are added to (never
 * overwritten), closures and facts are replaced whole. Rows go in key order, so concurrent batches that touch the
 * same counters lock them in the same order.
 */
export async function writeProjection(tx: EntityManager, batch: BatchProjection): Promise<void> {
  if (batch.applied.length === 0) return;
  await saveFacts(tx, batch);
  await addActivity(tx, batch);
  await saveClosures(tx, batch);
  await addSustainedMinutes(tx, batch);
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

async function addActivity(tx: EntityManager, { activity }: BatchProjection): Promise<void> {
  if (activity.length === 0) return;
  const rows = byKey(activity, (a) => [a.day, a.providerId, a.areaCode, a.metric].join('|'));
  await tx.query(
    `INSERT INTO activity_daily AS a (day, provider_id, area_code, metric, count, minutes)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[])
     ON CONFLICT (day, provider_id, area_code, metric)
     DO UPDATE SET count = a.count + EXCLUDED.count, minutes = a.minutes + EXCLUDED.minutes`,
    [
      rows.map((a) => a.day),
      rows.map((a) => a.providerId),
      rows.map((a) => a.areaCode),
      rows.map((a) => a.metric),
      rows.map((a) => a.count),
      rows.map((a) => a.minutes),
    ],
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

async function addSustainedMinutes(tx: EntityManager, { sustainedMinutes }: BatchProjection): Promise<void> {
  if (sustainedMinutes.length === 0) return;
  const rows = byKey(sustainedMinutes, (m) => [m.day, m.providerId, m.areaCode, m.workerProviderId].join('|'));
  await tx.query(
    `INSERT INTO sustained_minutes AS s (day, provider_id, area_code, worker_provider_id, minutes)
     SELECT * FROM unnest($1::date[], $2::text[], $3::text[], $4::text[], $5::bigint[])
     ON CONFLICT (day, provider_id, area_code, worker_provider_id) DO UPDATE SET minutes = s.minutes + EXCLUDED.minutes`,
    [
      rows.map((m) => m.day),
      rows.map((m) => m.providerId),
      rows.map((m) => m.areaCode),
      rows.map((m) => m.workerProviderId),
      rows.map((m) => m.minutes),
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

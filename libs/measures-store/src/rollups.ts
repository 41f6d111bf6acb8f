import type { ValueMeasure } from '@waymark/measures-projection';
import { addDays, bucketOf, MeasuresFilter, nextBucket, periodsOf } from '@waymark/measures-report';

/**
 * How the rollup tables (measure_counts, measure_minutes, measure_values) are keyed, written and read. Each
 * day-level row from the projection is added to its day, ISO week and month, each for its provider and area, for
 * every provider (''), every area ('') and both — except the provider-and-area pair, which is kept by day only
 * (one provider in one area is small enough to read by day). A query then sums a few rows per span.
 */
export type Grain = 'day' | 'week' | 'month';

/** The write side: joined to a set of day-level rows `u` (day, provider_id, area_code), the rows they add to. */
export const ROLLUP_TARGETS = `
  CROSS JOIN LATERAL (VALUES ('day', u.day), ('week', date_trunc('week', u.day)::date),
                             ('month', date_trunc('month', u.day)::date)) AS g(grain, period)
  CROSS JOIN LATERAL (VALUES (u.provider_id, u.area_code), (u.provider_id, ''), ('', u.area_code), ('', ''))
    AS v(provider_id, area_code)
  WHERE g.grain = 'day' OR v.provider_id = '' OR v.area_code = ''`;

/**
 * The closure values behind each published percentile, kept as count histograms of value ÷ width (truncated):
 * the histogram finds the bucket a percentile's neighbours are in, and one lookup of that bucket in `closures`
 * (an index per measure, the same expression; migration 1764576000000) finds the values. The conditions select
 * the same closures as closureValues in measures-projection. Progress changes are whole numbers: width 1, the
 * bucket is the value, and no lookup is needed.
 */
export const VALUE_BUCKETS: Record<ValueMeasure, { width: number; closures: string }> = {
  end_to_end_ms: { width: 86_400_000, closures: `follow_up = 'sustained'` },
  what_matters_ms: { width: 3_600_000, closures: 'final AND what_matters_ms IS NOT NULL' },
  progress_change: { width: 1, closures: 'final AND progress_change IS NOT NULL' },
};

/** One rollup row's span (a day, an ISO week from its Monday, or a month from its 1st) and the period it adds to. */
export interface Segment {
  grain: Grain;
  start: string;
  period: string;
}

/**
 * The rollup spans that add up to each period of the filter, exactly and without overlap: whole months where they
 * fit, whole weeks where they fit in what is left, days for the rest. A period of two years is about 40 spans.
 * One provider in one area is kept by day only (see the writer), so that filter reads days.
 */
export function segmentsOf(filter: MeasuresFilter): Segment[] {
  const grains: Grain[] =
    filter.provider !== undefined && filter.area !== undefined ? ['day'] : ['month', 'week', 'day'];
  return periodsOf(filter).flatMap(({ bucket, start, end }) =>
    cover(start, end, grains).map((span) => ({ ...span, period: bucket })),
  );
}

function cover(from: string, to: string, [grain, ...finer]: Grain[]): Omit<Segment, 'period'>[] {
  if (from > to) return [];
  if (grain === 'day') {
    const days: Omit<Segment, 'period'>[] = [];
    for (let day = from; day <= to; day = addDays(day, 1)) days.push({ grain, start: day });
    return days;
  }
  const whole: string[] = [];
  let start = bucketOf(from, grain) === from ? from : nextBucket(bucketOf(from, grain), grain);
  const first = start;
  for (; addDays(nextBucket(start, grain), -1) <= to; start = nextBucket(start, grain)) whole.push(start);
  if (whole.length === 0) return cover(from, to, finer);
  return [
    ...cover(from, addDays(first, -1), finer),
    ...whole.map((s) => ({ grain, start: s })),
    ...cover(start, to, finer),
  ];
}

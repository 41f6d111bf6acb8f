import { CLOSURE_COUNTS, type ClosureCount, type ValueMeasure } from '@waymark/measures-projection';
import type { ClosureTotals, MeasuresFilter, Neighbours, PeriodAggregates } from '@waymark/measures-report';
import { EMPTY_PERIOD } from '@waymark/measures-report';
import { DataSource } from 'typeorm';
import { byProviderAndArea, RollupReader } from './rollup-reader';
import { ROLLUP_TABLES } from './rollups';
import { inOneSnapshot } from './snapshot';

/** The percentiles each period's figures need, and where they go. */
const PERCENTILES: ReadonlyArray<readonly [ValueMeasure, keyof ClosureTotals, number]> = [
  ['end_to_end_ms', 'endToEndMedian', 50],
  ['end_to_end_ms', 'endToEndP85', 85],
  ['what_matters_ms', 'whatMattersMedian', 50],
  ['progress_change', 'progressMedian', 50],
];

/**
 * Reads sums and statistics per period for the commissioners' figures, from the rollups (rollups.ts): a request
 * reads about one row per metric and span, and a handful of closures per percentile. Nothing per person leaves
 * the database. Each answer is read in one snapshot, so its counts and percentiles agree.
 */
export class MeasuresQueries {
  constructor(private readonly dataSource: DataSource) {}

  /** Reads the sums on one connection while another works out the percentiles, both in one snapshot. */
  periods(filter: MeasuresFilter): Promise<Map<string, PeriodAggregates>> {
    return inOneSnapshot(this.dataSource, 2, async ([sums, values]) => {
      const [periods, percentiles] = await Promise.all([
        readSums(new RollupReader(sums, filter)),
        new RollupReader(values, filter).percentiles(PERCENTILES.map(([measure, , percent]) => ({ measure, percent }))),
      ]);
      for (const [key, found] of percentiles) {
        const p = periods.get(key) ?? EMPTY_PERIOD;
        const stats = PERCENTILES.map(([, field], i) => [
          field,
          found[i] && { lower: found[i].lower, upper: found[i].upper },
        ]);
        periods.set(key, { ...p, closures: { ...p.closures, ...Object.fromEntries(stats) } });
      }
      return periods;
    });
  }

  /** The number and median neighbours of each week's sustained closures (weeks without any are absent). */
  weeklyEndToEnd(filter: MeasuresFilter): Promise<Map<string, { n: number; median: Neighbours }>> {
    return inOneSnapshot(this.dataSource, 1, async ([tx]) => {
      const read = new RollupReader(tx, { ...filter, groupBy: 'week' });
      const weeks = await read.percentiles([{ measure: 'end_to_end_ms', percent: 50 }]);
      return new Map(
        [...weeks].flatMap(([week, [median]]) =>
          median ? [[week, { n: median.n, median: { lower: median.lower, upper: median.upper } }] as const] : [],
        ),
      );
    });
  }

  /** The most recent `limit` sustained closures, oldest first, with only the week they closed in. */
  async recentEndToEnd(filter: MeasuresFilter, limit: number): Promise<{ week: string; endToEndMs: number }[]> {
    const where = byProviderAndArea(filter, 4);
    // day follows closed_at, so this order is closed_at's, and ix_closures_sustained reads it backwards.
    const rows: { week: string; end_to_end_ms: string }[] = await this.dataSource.query(
      `SELECT date_trunc('week', day)::date::text AS week, end_to_end_ms FROM closures
       WHERE follow_up = 'sustained' AND day BETWEEN $1::date AND $2::date ${where.sql}
       ORDER BY day DESC, closed_at DESC, journey_id DESC LIMIT $3`,
      [filter.from, filter.to, limit, ...where.params],
    );
    return rows.reverse().map((r) => ({ week: r.week, endToEndMs: Number(r.end_to_end_ms) }));
  }
}

/** Each period's activity, closure counts and minutes. */
async function readSums(read: RollupReader): Promise<Map<string, PeriodAggregates>> {
  const periods = new Map<string, PeriodAggregates>();
  const period = (key: string) => {
    let p = periods.get(key);
    if (!p) periods.set(key, (p = { ...EMPTY_PERIOD, activity: {}, workMinutes: [], sustainedMinutes: [] }));
    return p;
  };
  for (const { period: key, metric, count } of await read.sums(ROLLUP_TABLES.activity)) {
    (period(key).activity as Record<string, number>)[metric] = count;
  }
  for (const { period: key, ...counts } of await read.sums(ROLLUP_TABLES.closures)) {
    const p = period(key);
    p.closures = { ...p.closures, ...closureTotals(counts) };
  }
  for (const { period: key, basis, worker_provider_id, minutes } of await read.sums(ROLLUP_TABLES.minutes)) {
    (basis === 'work' ? period(key).workMinutes : period(key).sustainedMinutes).push({
      providerId: worker_provider_id,
      minutes,
    });
  }
  return periods;
}

/** Closure counts from their snake-case columns. */
function closureTotals(row: Record<string, number>): Pick<ClosureTotals, ClosureCount> {
  return Object.fromEntries(CLOSURE_COUNTS.map((name, i) => [name, row[ROLLUP_TABLES.closures.sums[i]]])) as Pick<
    ClosureTotals,
    ClosureCount
  >;
}

import { percentilePosition } from '@waymark/measures-maths';
import { CLOSURE_COUNTS, type ClosureCount, type ValueMeasure } from '@waymark/measures-projection';
import type { ClosureTotals, MeasuresFilter, Neighbours, PeriodAggregates } from '@waymark/measures-report';
import { EMPTY_PERIOD, periodsOf } from '@waymark/measures-report';
import { DataSource, EntityManager } from 'typeorm';
import { locate, population, type Histogram } from './histogram';
import { ROLLUP_TABLES, RollupTable, Segment, segmentsOf, VALUE_BUCKETS } from './rollups';

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

  periods(filter: MeasuresFilter): Promise<Map<string, PeriodAggregates>> {
    return this.snapshot(async (tx) => {
      const read = new RollupReader(tx, filter);
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
        const p = period(key);
        (basis === 'work' ? p.workMinutes : p.sustainedMinutes).push({ providerId: worker_provider_id, minutes });
      }
      const percentiles = await read.percentiles(PERCENTILES.map(([measure, , percent]) => ({ measure, percent })));
      for (const [key, found] of percentiles) {
        const p = period(key);
        PERCENTILES.forEach(([, field], i) => {
          const neighbours = found[i];
          p.closures = { ...p.closures, [field]: neighbours && { lower: neighbours.lower, upper: neighbours.upper } };
        });
      }
      return periods;
    });
  }

  /** The number and median neighbours of each week's sustained closures (weeks without any are absent). */
  weeklyEndToEnd(filter: MeasuresFilter): Promise<Map<string, { n: number; median: Neighbours }>> {
    return this.snapshot(async (tx) => {
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

  private snapshot<T>(read: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction('REPEATABLE READ', async (tx) => {
      await tx.query('SET TRANSACTION READ ONLY');
      return read(tx);
    });
  }
}

/** `AND provider_id = … AND area_code = …` for the filter's provider and area, numbered from `first`. */
function byProviderAndArea(filter: MeasuresFilter, first: number): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter.provider !== undefined) parts.push(`AND provider_id = $${first + params.push(filter.provider) - 1}`);
  if (filter.area !== undefined) parts.push(`AND area_code = $${first + params.push(filter.area) - 1}`);
  return { sql: parts.join(' '), params };
}

/** Reads one filter's rollups: the spans of each period, summed. */
class RollupReader {
  private readonly segments: Segment[];

  constructor(
    private readonly tx: EntityManager,
    private readonly filter: MeasuresFilter,
  ) {
    this.segments = segmentsOf(filter);
  }

  /** Sums a rollup table's rows per period and key, for the filter's provider and area ('' = every one). */
  async sums<T extends RollupTable>(table: T, orderBy = ''): Promise<SumRow<T>[]> {
    const keys = ['s.period', ...table.keys.map((k) => `t.${k}`)].join(', ');
    const rows: Record<string, string>[] = await this.tx.query(
      `SELECT ${keys}, ${table.sums.map((c) => `sum(t.${c}) AS ${c}`).join(', ')}
       FROM unnest($1::text[], $2::date[], $3::text[]) AS s(grain, start, period)
       JOIN ${table.name} t ON t.provider_id = $4 AND t.area_code = $5 AND t.grain = s.grain AND t.period = s.start
       GROUP BY ${keys} ${orderBy}`,
      [
        this.segments.map((s) => s.grain),
        this.segments.map((s) => s.start),
        this.segments.map((s) => s.period),
        this.filter.provider ?? '',
        this.filter.area ?? '',
      ],
    );
    return rows.map((r) => {
      const row: Record<string, string | number> = { ...r };
      for (const c of table.sums) row[c] = Number(r[c]);
      return row as SumRow<T>;
    });
  }

  /** Each period's count histogram of each measure's values, buckets ascending. */
  private async histograms(): Promise<Map<string, Map<ValueMeasure, Histogram>>> {
    const periods = new Map<string, Map<ValueMeasure, Histogram>>();
    for (const { period, measure, bucket, count: total } of await this.sums(ROLLUP_TABLES.values, 'ORDER BY 1, 2, 3')) {
      if (total === 0) continue;
      if (!periods.has(period)) periods.set(period, new Map());
      const byMeasure = periods.get(period) as Map<ValueMeasure, Histogram>;
      const histogram = byMeasure.get(measure as ValueMeasure) ?? [];
      byMeasure.set(measure as ValueMeasure, [...histogram, { bucket: Number(bucket), count: total }]);
    }
    return periods;
  }

  /**
   * For each period, the population and neighbours of each requested percentile (type 7: the values at
   * ⌊(n − 1)·p/100⌋ and the next, as percentilePosition in measures-maths), in request order; null without values.
   */
  async percentiles(
    requests: { measure: ValueMeasure; percent: number }[],
  ): Promise<Map<string, (Percentile | null)[]>> {
    const wanted: Wanted[] = [];
    const found = new Map<string, ({ n: number; ranks: number[] } | null)[]>();
    for (const [period, byMeasure] of await this.histograms()) {
      const slots = requests.map(({ measure, percent }) => {
        const histogram = byMeasure.get(measure);
        if (!histogram) return null;
        const n = population(histogram);
        const { index } = percentilePosition(n, percent);
        const ranks = index + 1 < n ? [index, index + 1] : [index];
        for (const rank of ranks) wanted.push({ period, measure, rank, ...locate(histogram, rank) });
        return { n, ranks };
      });
      found.set(period, slots);
    }
    const values = await this.valuesAt(wanted);
    const at = (period: string, measure: ValueMeasure, rank: number | undefined) =>
      rank === undefined ? null : (values.get(`${period}|${measure}|${rank}`) as number);
    return new Map(
      [...found].map(([period, slots]) => [
        period,
        slots.map((slot, i) => {
          if (!slot) return null;
          const { measure } = requests[i];
          const lower = at(period, measure, slot.ranks[0]) as number;
          return { n: slot.n, lower, upper: at(period, measure, slot.ranks[1]) };
        }),
      ]),
    );
  }

  /** The values at the wanted ranks: whole-number buckets are their value, the rest are looked up in closures. */
  private async valuesAt(wanted: Wanted[]): Promise<Map<string, number>> {
    const periods = new Map(periodsOf(this.filter).map((p) => [p.bucket, p]));
    const values = new Map<string, number>();
    const lookups = new Map<ValueMeasure, Wanted[]>();
    for (const w of wanted) {
      const key = `${w.period}|${w.measure}|${w.rank}`;
      if (VALUE_BUCKETS[w.measure].width === 1) values.set(key, w.bucket);
      else lookups.set(w.measure, [...(lookups.get(w.measure) ?? []), w]);
    }
    for (const [measure, list] of lookups) {
      const { width, closures } = VALUE_BUCKETS[measure];
      const where = byProviderAndArea(this.filter, 6);
      const rows: { i: number; v: string }[] = await this.tx.query(
        `SELECT q.i, x.v FROM unnest($1::int[], $2::date[], $3::date[], $4::bigint[], $5::int[])
           AS q(i, first_day, last_day, bucket, offset_in_bucket)
         CROSS JOIN LATERAL (
           SELECT ${measure} AS v FROM closures
           WHERE ${closures} AND ${measure} / ${width} = q.bucket AND day BETWEEN q.first_day AND q.last_day
             ${where.sql}
           ORDER BY ${measure} OFFSET q.offset_in_bucket LIMIT 1) x`,
        [
          list.map((_, i) => i),
          list.map((w) => periods.get(w.period)?.start),
          list.map((w) => periods.get(w.period)?.end),
          list.map((w) => w.bucket),
          list.map((w) => w.offset),
          ...where.params,
        ],
      );
      for (const { i, v } of rows) values.set(`${list[i].period}|${measure}|${list[i].rank}`, Number(v));
    }
    return values;
  }
}

/** A row of sums: the period, the table's keys (as text) and its sums (as numbers). */
type SumRow<T extends RollupTable> = { period: string } & Record<T['keys'][number], string> &
  Record<T['sums'][number], number>;

/** Closure counts from their snake-case columns. */
function closureTotals(row: Record<string, number>): Pick<ClosureTotals, ClosureCount> {
  return Object.fromEntries(CLOSURE_COUNTS.map((name, i) => [name, row[ROLLUP_TABLES.closures.sums[i]]])) as Pick<
    ClosureTotals,
    ClosureCount
  >;
}

/** A rank wanted from a period's values, and where the histogram says it is. */
interface Wanted {
  period: string;
  measure: ValueMeasure;
  rank: number;
  bucket: number;
  offset: number;
}

type Percentile = Neighbours & { n: number };

import {
  percentilePosition,
  periodsOf,
  type MeasuresFilter,
  type Neighbours,
  type ValueMeasure,
} from '@waymark/measures-maths';
import type { EntityManager } from 'typeorm';
import { addHistograms, locate, population, type Histogram } from './histogram';
import { ROLLUP_TABLES, RollupTable, Segment, segmentsOf, VALUE_BUCKETS } from './rollups';

/** `AND provider_id = … AND area_code = …` for the filter's provider and area, numbered from `first`. */
export function byProviderAndArea(filter: MeasuresFilter, first: number): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter.provider !== undefined) parts.push(`AND provider_id = $${first + params.push(filter.provider) - 1}`);
  if (filter.area !== undefined) parts.push(`AND area_code = $${first + params.push(filter.area) - 1}`);
  return { sql: parts.join(' '), params };
}

/** Reads one filter's rollups: the spans of each period, summed. */
export class RollupReader {
  private readonly segments: Segment[];

  constructor(
    private readonly tx: EntityManager,
    private readonly filter: MeasuresFilter,
  ) {
    this.segments = segmentsOf(filter);
  }

  /**
   * `lateral` (a query over a rollup table `r`) for each span `s` of the filter's periods: `r` holds that span's
   * rows for the filter's provider and area ('' = every one). LATERAL makes it one index range per span; the
   * planner, left to join, may misjudge it and scan the whole table.
   */
  private perSpan(lateral: (spanRows: string) => string): string {
    return `unnest($1::text[], $2::date[], $3::text[]) AS s(grain, start, period)
      CROSS JOIN LATERAL (${lateral(`r.provider_id = $4 AND r.area_code = $5 AND r.grain = s.grain AND r.period = s.start`)}) t`;
  }

  private spanParams(...more: unknown[]): unknown[] {
    return [
      this.segments.map((s) => s.grain),
      this.segments.map((s) => s.start),
      this.segments.map((s) => s.period),
      this.filter.provider ?? '',
      this.filter.area ?? '',
      ...more,
    ];
  }

  /** Sums a rollup table's rows per period and key. */
  async sums<T extends RollupTable>(table: T): Promise<SumRow<T>[]> {
    const keys = ['s.period', ...table.keys.map((k) => `t.${k}`)].join(', ');
    // OFFSET 0 keeps the subquery from being flattened into a join.
    const from = this.perSpan((spanRows) => `SELECT * FROM ${table.name} r WHERE ${spanRows} OFFSET 0`);
    const rows: Record<string, string>[] = await this.tx.query(
      `SELECT ${keys}, ${table.sums.map((c) => `sum(t.${c}) AS ${c}`).join(', ')} FROM ${from} GROUP BY ${keys}`,
      this.spanParams(),
    );
    return rows.map((r) => {
      const row: Record<string, string | number> = { ...r };
      for (const c of table.sums) row[c] = Number(r[c]);
      return row as SumRow<T>;
    });
  }

  /**
   * Each period's count histogram of each measure's values: each span's histogram comes from the database as two
   * arrays in bucket order (the index's order, no sorting), and a period's spans are added together here.
   */
  private async histograms(measures: ValueMeasure[]): Promise<Map<string, Map<ValueMeasure, Histogram>>> {
    const from = this.perSpan(
      (
        spanRows,
      ) => `SELECT measure, array_agg(bucket::int ORDER BY bucket) AS buckets, array_agg(count::int ORDER BY bucket) AS counts
        FROM ${ROLLUP_TABLES.values.name} r WHERE ${spanRows} AND r.measure = ANY($6) GROUP BY measure`,
    );
    // As int[]: the driver reads those as numbers (a bucket or a day's count is far below 2^31).
    const rows: { period: string; measure: ValueMeasure; buckets: number[]; counts: number[] }[] = await this.tx.query(
      `SELECT s.period, t.measure, t.buckets, t.counts FROM ${from}`,
      this.spanParams(measures),
    );
    const spans = new Map<string, Map<ValueMeasure, Histogram[]>>();
    for (const { period, measure, buckets, counts } of rows) {
      if (!spans.has(period)) spans.set(period, new Map());
      const byMeasure = spans.get(period) as Map<ValueMeasure, Histogram[]>;
      if (!byMeasure.has(measure)) byMeasure.set(measure, []);
      byMeasure.get(measure)?.push({ buckets, counts });
    }
    const periods = new Map<string, Map<ValueMeasure, Histogram>>();
    for (const [period, byMeasure] of spans) {
      const merged = new Map<ValueMeasure, Histogram>();
      for (const [measure, parts] of byMeasure) {
        // One span (a whole week or month) needs no adding up; zero buckets do no harm to locate().
        const histogram = parts.length === 1 ? parts[0] : addHistograms(parts);
        if (population(histogram) > 0) merged.set(measure, histogram);
      }
      if (merged.size > 0) periods.set(period, merged);
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
    for (const [period, byMeasure] of await this.histograms([...new Set(requests.map((r) => r.measure))])) {
      const slots = requests.map(({ measure, percent }) => {
        const histogram = byMeasure.get(measure);
        if (!histogram) return null;
        const n = population(histogram);
        const { index } = percentilePosition(n, percent);
        const ranks = index + 1 < n ? [index, index + 1] : [index];
        wanted.push(...reads(histogram, ranks).map((read) => ({ period, measure, ...read })));
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
    const found = (w: Wanted, read: number[]) =>
      w.ranks.forEach((rank, i) => values.set(`${w.period}|${w.measure}|${rank}`, read[i]));
    const lookups = new Map<ValueMeasure, Wanted[]>();
    for (const w of wanted) {
      if (VALUE_BUCKETS[w.measure].width === 1)
        found(
          w,
          w.ranks.map(() => w.bucket),
        );
      else {
        if (!lookups.has(w.measure)) lookups.set(w.measure, []);
        lookups.get(w.measure)?.push(w);
      }
    }
    for (const [measure, list] of lookups) {
      const { width, closures } = VALUE_BUCKETS[measure];
      const where = byProviderAndArea(this.filter, 7);
      const rows: { i: number; vs: string[] }[] = await this.tx.query(
        `SELECT q.i, x.vs FROM unnest($1::int[], $2::date[], $3::date[], $4::bigint[], $5::int[], $6::int[])
           AS q(i, first_day, last_day, bucket, offset_in_bucket, take)
         CROSS JOIN LATERAL (SELECT array_agg(v ORDER BY v) AS vs FROM (
           SELECT ${measure} AS v FROM closures
           WHERE ${closures} AND ${measure} / ${width} = q.bucket AND day BETWEEN q.first_day AND q.last_day
             ${where.sql}
           ORDER BY ${measure} OFFSET q.offset_in_bucket LIMIT q.take) AS bucket) x`,
        [
          list.map((_, i) => i),
          list.map((w) => periods.get(w.period)?.start),
          list.map((w) => periods.get(w.period)?.end),
          list.map((w) => w.bucket),
          list.map((w) => w.offset),
          list.map((w) => w.ranks.length),
          ...where.params,
        ],
      );
      for (const { i, vs } of rows) found(list[i], vs.map(Number));
    }
    return values;
  }
}

/**
 * The reads that give the values at consecutive ranks: one for both when they share a bucket, else one each
 * (the next value is then the first of a later bucket).
 */
function reads(histogram: Histogram, ranks: number[]): Omit<Wanted, 'period' | 'measure'>[] {
  const { bucket, offset, count } = locate(histogram, ranks[0]);
  if (ranks.length === 1 || offset + 1 < count) return [{ bucket, offset, ranks }];
  const next = locate(histogram, ranks[1]);
  return [
    { bucket, offset, ranks: [ranks[0]] },
    { bucket: next.bucket, offset: next.offset, ranks: [ranks[1]] },
  ];
}

/** A row of sums: the period, the table's keys (as text) and its sums (as numbers). */
type SumRow<T extends RollupTable> = { period: string } & Record<T['keys'][number], string> &
  Record<T['sums'][number], number>;

/** One read of a period's values: consecutive ranks, from `offset` in one bucket on. */
interface Wanted {
  period: string;
  measure: ValueMeasure;
  ranks: number[];
  bucket: number;
  offset: number;
}

type Percentile = Neighbours & { n: number };

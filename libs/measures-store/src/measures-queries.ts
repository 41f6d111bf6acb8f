import {
  CLOSURE_COUNT_NAMES,
  CLOSURE_COUNTS,
  EMPTY_PERIOD,
  monthsForRecentGroups,
  PERCENTILE_NAMES,
  PERCENTILES,
  type ClosureCount,
  type ClosureGroup,
  type ClosureTotals,
  type MeasuresFilter,
  type Neighbours,
  type PercentileName,
  type PeriodAggregates,
} from '@waymark/measures-maths';
import { DataSource, EntityManager } from 'typeorm';
import { readRatesInPence } from './cost-rates';
import { poolSize } from './data-source';
import { readWatermark, Watermark } from './measures-projector';
import { ReadAdmission } from './read-admission';
import { byProviderAndArea, RollupReader } from './rollup-reader';
import { populationSql, ROLLUP_TABLES } from './rollups';
import { inOneSnapshot } from './snapshot';

/** The percentiles the figures need (the catalogue's), on two connections: the end-to-end ones, and the others. */
const END_TO_END = PERCENTILE_NAMES.filter((name) => PERCENTILES[name].of === 'end_to_end_ms');
const OTHER_PERCENTILES = PERCENTILE_NAMES.filter((name) => !END_TO_END.includes(name));

/** The sustained closures: the population of the end-to-end chart. */
const SUSTAINED = populationSql(CLOSURE_COUNTS.sustained.where);

/** Everything one answer of figures needs, read in one snapshot: the figures, the rates, the watermark. */
export interface PeriodsAnswer {
  periods: Map<string, PeriodAggregates>;
  ratesInPence: Map<string, number>;
  watermark: Watermark;
}

/**
 * Reads sums and statistics per period for the commissioners' figures, from the rollups (rollups.ts): a request
 * reads about one row per metric and span, and a handful of closures per percentile. Nothing per person leaves
 * the database. Each answer, with the watermark it is as fresh as, is read in one snapshot, on connections it is
 * let in with all at once (ReadAdmission: without one, as many at a time as the pool has connections).
 */
export class MeasuresQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly admission = new ReadAdmission({
      connections: poolSize(dataSource.options),
      queueLimit: Infinity,
      queueTimeoutMs: Infinity,
    }),
  ) {}

  /**
   * Two connections in one snapshot share the work: the sums, then the end-to-end percentiles, on one; the other
   * percentiles, the cost rates and the watermark on the other (each percentile is a histogram read, then a
   * lookup).
   */
  periods(filter: MeasuresFilter): Promise<PeriodsAnswer> {
    return this.inOneSnapshot(2, async ([first, second]) => {
      const sumsThenEndToEnd = async () => {
        const read = new RollupReader(first, filter);
        return [await readSums(read), await readPercentiles(read, END_TO_END)] as const;
      };
      const othersRatesWatermark = async () =>
        [
          await readPercentiles(new RollupReader(second, filter), OTHER_PERCENTILES),
          await readRatesInPence(second),
          await readWatermark(second),
        ] as const;
      const [[periods, endToEnd], [others, ratesInPence, watermark]] = await Promise.all([
        sumsThenEndToEnd(),
        othersRatesWatermark(),
      ]);
      for (const [key, stats] of [...endToEnd, ...others]) {
        const p = periods.get(key) ?? EMPTY_PERIOD;
        periods.set(key, { ...p, closures: { ...p.closures, ...stats } });
      }
      return { periods, ratesInPence, watermark };
    });
  }

  /** The number and median neighbours of each week's sustained closures (weeks without any are absent). */
  weeklyEndToEnd(
    filter: MeasuresFilter,
  ): Promise<{ weeks: Map<string, { n: number; median: Neighbours }>; watermark: Watermark }> {
    return this.inOneSnapshot(1, async ([tx]) => {
      const read = new RollupReader(tx, { ...filter, groupBy: 'week' });
      const weeks = await read.percentiles([{ measure: 'end_to_end_ms', percent: 50 }]);
      return {
        weeks: new Map(
          [...weeks].flatMap(([week, [median]]) =>
            median ? [[week, { n: median.n, median: { lower: median.lower, upper: median.upper } }] as const] : [],
          ),
        ),
        watermark: await readWatermark(tx),
      };
    });
  }

  /**
   * What the closure-group chart needs (chart.ts in measures-report), in one snapshot: each month's sustained
   * closures (from the rollups; months without any are absent), and the closure groups of the months that hold the
   * most recent `limit` groups (monthsForRecentGroups) — only those months' closures are sorted.
   */
  recentClosureGroups(
    filter: MeasuresFilter,
    size: number,
    limit: number,
  ): Promise<{ sustainedByMonth: Map<string, number>; groups: ClosureGroup[]; watermark: Watermark }> {
    return this.inOneSnapshot(1, async ([tx]) => {
      const sustainedByMonth = new Map<string, number>();
      const read = new RollupReader(tx, { ...filter, groupBy: 'month' });
      for (const { period, ...counts } of await read.sums(ROLLUP_TABLES.closures)) {
        const { sustained } = closureTotals(counts);
        if (sustained > 0) sustainedByMonth.set(period, sustained);
      }
      const [first] = monthsForRecentGroups(sustainedByMonth, size, limit);
      const groups = first === undefined ? [] : await closureGroups(tx, { ...filter, from: first }, size);
      return { sustainedByMonth, groups, watermark: await readWatermark(tx) };
    });
  }

  private inOneSnapshot<T>(connections: number, read: (managers: EntityManager[]) => Promise<T>): Promise<T> {
    return this.admission.run(connections, () => inOneSnapshot(this.dataSource, connections, read));
  }
}

/**
 * The closure groups (ClosureGroup in measures-report) of each month of the range: a month's sustained closures in
 * closure order (closed_at, then journey id), `size` at a time, the last group taking the rest; a month with fewer
 * than `size` has none. Only each group's count and sum leave the database.
 */
async function closureGroups(tx: EntityManager, filter: MeasuresFilter, size: number): Promise<ClosureGroup[]> {
  const where = byProviderAndArea(filter, 4);
  const rows: { month: string; index: number; closures: number; sum_ms: string }[] = await tx.query(
    `SELECT month::text, (LEAST((rank - 1) / $3, in_month / $3 - 1) + 1)::int AS index,
            count(*)::int AS closures, sum(end_to_end_ms)::text AS sum_ms
     FROM (SELECT date_trunc('month', day)::date AS month, end_to_end_ms,
                  row_number() OVER (PARTITION BY date_trunc('month', day) ORDER BY closed_at, journey_id) AS rank,
                  count(*) OVER (PARTITION BY date_trunc('month', day)) AS in_month
           FROM closures WHERE ${SUSTAINED} AND day BETWEEN $1::date AND $2::date ${where.sql}) c
     WHERE in_month >= $3
     GROUP BY 1, 2 ORDER BY 1, 2`,
    [filter.from, filter.to, size, ...where.params],
  );
  return rows.map((r) => ({ month: r.month, index: r.index, closures: r.closures, endToEndMsSum: Number(r.sum_ms) }));
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

/** Each period's neighbours of the given percentiles, by the field they go in. */
async function readPercentiles(
  read: RollupReader,
  names: PercentileName[],
): Promise<Map<string, Partial<Record<PercentileName, Neighbours | null>>>> {
  const found = await read.percentiles(
    names.map((name) => ({ measure: PERCENTILES[name].of, percent: PERCENTILES[name].percent })),
  );
  return new Map(
    [...found].map(([period, values]) => [
      period,
      Object.fromEntries(
        names.map((name, i) => [name, values[i] && { lower: values[i].lower, upper: values[i].upper }]),
      ),
    ]),
  );
}

/** Closure counts from their snake-case columns. */
function closureTotals(row: Record<string, number>): Pick<ClosureTotals, ClosureCount> {
  return Object.fromEntries(CLOSURE_COUNT_NAMES.map((name, i) => [name, row[ROLLUP_TABLES.closures.sums[i]]])) as Pick<
    ClosureTotals,
    ClosureCount
  >;
}

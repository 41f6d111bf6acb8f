import type { ClosureTotals, Grouping, MeasuresFilter, Neighbours, PeriodAggregates } from '@waymark/measures-report';
import { NO_CLOSURES } from '@waymark/measures-report';
import { DataSource } from 'typeorm';

type Where = { sql: string; params: unknown[] };
/** The closure counts; the percentiles come from their own queries. */
type Counts = Omit<ClosureTotals, 'endToEndMedian' | 'endToEndP85' | 'whatMattersMedian' | 'progressMedian'>;

/** The filter as SQL over a table with day, provider_id and area_code; parameters are numbered from 1. */
function where(filter: MeasuresFilter, extra = ''): Where {
  const params: unknown[] = [filter.from, filter.to];
  let sql = 'day BETWEEN $1::date AND $2::date';
  if (filter.provider !== undefined) sql += ` AND provider_id = $${params.push(filter.provider)}`;
  if (filter.area !== undefined) sql += ` AND area_code = $${params.push(filter.area)}`;
  return { sql: extra ? `${sql} AND ${extra}` : sql, params };
}

/** The period a day falls in, as the same key periodsOf() gives (the week's Monday, the month's 1st, or from). */
function bucket(groupBy: Grouping): string {
  // As text: node-postgres would turn a date into a Date at local midnight.
  if (groupBy === 'none') return `$1::date::text`;
  return `date_trunc('${groupBy}', day)::date::text`;
}

/**
 * Reads sums and statistics per period for the commissioners' figures. Everything is aggregated in PostgreSQL
 * from day-level counters and closure rows; nothing per person leaves the database.
 */
export class MeasuresQueries {
  constructor(private readonly dataSource: DataSource) {}

  async periods(filter: MeasuresFilter): Promise<Map<string, PeriodAggregates>> {
    const [activity, closures, minutes, endToEnd, whatMatters, progress] = await Promise.all([
      this.activity(filter),
      this.closures(filter),
      this.sustainedMinutes(filter),
      this.neighbours(filter, 'end_to_end_ms', `follow_up = 'sustained'`, [50, 85]),
      this.neighbours(filter, 'what_matters_ms', 'final AND what_matters_ms IS NOT NULL', [50]),
      this.neighbours(filter, 'progress_change', 'final AND progress_change IS NOT NULL', [50]),
    ]);
    const periods = new Map<string, PeriodAggregates>();
    const period = (key: string) => {
      let p = periods.get(key);
      if (!p) periods.set(key, (p = { activity: [], closures: NO_CLOSURES, sustainedMinutes: [] }));
      return p;
    };
    for (const { period: key, ...total } of activity) period(key).activity.push(total);
    for (const { period: key, totals } of closures) {
      period(key).closures = {
        ...totals,
        endToEndMedian: endToEnd.get(key)?.at[50] ?? null,
        endToEndP85: endToEnd.get(key)?.at[85] ?? null,
        whatMattersMedian: whatMatters.get(key)?.at[50] ?? null,
        progressMedian: progress.get(key)?.at[50] ?? null,
      };
    }
    for (const { period: key, ...total } of minutes) period(key).sustainedMinutes.push(total);
    return periods;
  }

  private async activity(filter: MeasuresFilter) {
    const w = where(filter);
    const rows: { period: string; metric: string; provider_id: string; count: string; minutes: string }[] =
      await this.dataSource.query(
        `SELECT ${bucket(filter.groupBy)} AS period, metric, provider_id, sum(count) AS count, sum(minutes) AS minutes
         FROM activity_daily WHERE ${w.sql} GROUP BY 1, 2, 3`,
        w.params,
      );
    return rows.map((r) => ({
      period: r.period,
      metric: r.metric,
      providerId: r.provider_id,
      count: Number(r.count),
      minutes: Number(r.minutes),
    }));
  }

  private async closures(filter: MeasuresFilter): Promise<{ period: string; totals: Counts }[]> {
    const w = where(filter);
    const rows: Record<string, string | null>[] = await this.dataSource.query(
      `SELECT ${bucket(filter.groupBy)} AS period,
         count(*) AS closures,
         count(*) FILTER (WHERE outcome = 'unresolved') AS unresolved,
         count(*) FILTER (WHERE follow_up = 'sustained') AS sustained,
         count(*) FILTER (WHERE follow_up = 'reopened') AS reopened,
         count(*) FILTER (WHERE follow_up = 'pending') AS pending,
         count(*) FILTER (WHERE final) AS final,
         coalesce(sum(accepted_hand_offs) FILTER (WHERE final), 0) AS accepted_hand_offs,
         coalesce(sum(assessments) FILTER (WHERE final), 0) AS assessments,
         count(*) FILTER (WHERE final AND assessments >= 2) AS repeat_assessed,
         count(*) FILTER (WHERE final AND what_matters_ms IS NOT NULL) AS with_what_matters,
         count(*) FILTER (WHERE final AND progress_change IS NOT NULL) AS rated
       FROM closures WHERE ${w.sql} GROUP BY 1`,
      w.params,
    );
    const n = (v: string | null) => Number(v ?? 0);
    return rows.map((r) => ({
      period: r['period'] as string,
      totals: {
        closures: n(r['closures']),
        unresolved: n(r['unresolved']),
        sustained: n(r['sustained']),
        reopened: n(r['reopened']),
        pending: n(r['pending']),
        final: n(r['final']),
        acceptedHandOffs: n(r['accepted_hand_offs']),
        assessments: n(r['assessments']),
        repeatAssessed: n(r['repeat_assessed']),
        withWhatMatters: n(r['with_what_matters']),
        rated: n(r['rated']),
      },
    }));
  }

  private async sustainedMinutes(filter: MeasuresFilter) {
    const w = where(filter);
    const rows: { period: string; worker_provider_id: string; minutes: string }[] = await this.dataSource.query(
      `SELECT ${bucket(filter.groupBy)} AS period, worker_provider_id, sum(minutes) AS minutes
       FROM sustained_minutes WHERE ${w.sql} GROUP BY 1, 2`,
      w.params,
    );
    return rows.map((r) => ({ period: r.period, workerProviderId: r.worker_provider_id, minutes: Number(r.minutes) }));
  }

  /**
   * For each period, the two sorted values around each percentile's position (type 7: index ⌊(n − 1)·p/100⌋, the
   * same rule as percentilePosition in measures-maths), so the percentile can be worked out exactly.
   */
  private async neighbours(
    filter: MeasuresFilter,
    column: string,
    condition: string,
    percents: number[],
  ): Promise<Map<string, { n: number; at: Record<number, Neighbours> }>> {
    const w = where(filter, condition);
    const rows: { period: string; n: string; rn: string; v: string }[] = await this.dataSource.query(
      `SELECT period, n, rn, v FROM (
         SELECT ${bucket(filter.groupBy)} AS period, ${column} AS v,
                row_number() OVER (PARTITION BY ${bucket(filter.groupBy)} ORDER BY ${column}) - 1 AS rn,
                count(*) OVER (PARTITION BY ${bucket(filter.groupBy)}) AS n
         FROM closures WHERE ${w.sql}) ranked
       WHERE ${percents.map((p) => `rn IN ((n - 1) * ${p} / 100, (n - 1) * ${p} / 100 + 1)`).join(' OR ')}`,
      w.params,
    );
    const byPeriod = new Map<string, Map<number, number>>();
    const counts = new Map<string, number>();
    for (const r of rows) {
      if (!byPeriod.has(r.period)) byPeriod.set(r.period, new Map());
      byPeriod.get(r.period)?.set(Number(r.rn), Number(r.v));
      counts.set(r.period, Number(r.n));
    }
    const result = new Map<string, { n: number; at: Record<number, Neighbours> }>();
    for (const [period, values] of byPeriod) {
      const n = counts.get(period) as number;
      const at = (p: number): Neighbours => {
        const index = Math.floor(((n - 1) * p) / 100);
        return { lower: values.get(index) as number, upper: values.get(index + 1) ?? null };
      };
      result.set(period, { n, at: Object.fromEntries(percents.map((p) => [p, at(p)])) });
    }
    return result;
  }

  /** The number and median neighbours of each week's sustained closures (weeks without any are absent). */
  async weeklyEndToEnd(filter: MeasuresFilter): Promise<Map<string, { n: number; median: Neighbours }>> {
    const weeks = await this.neighbours({ ...filter, groupBy: 'week' }, 'end_to_end_ms', `follow_up = 'sustained'`, [
      50,
    ]);
    return new Map([...weeks].map(([week, { n, at }]) => [week, { n, median: at[50] }]));
  }

  /** The most recent `limit` sustained closures, oldest first, with only the week they closed in. */
  async recentEndToEnd(filter: MeasuresFilter, limit: number): Promise<{ week: string; endToEndMs: number }[]> {
    const w = where(filter, `follow_up = 'sustained'`);
    const rows: { week: string; end_to_end_ms: string }[] = await this.dataSource.query(
      `SELECT date_trunc('week', day)::date::text AS week, end_to_end_ms FROM closures WHERE ${w.sql}
       ORDER BY closed_at DESC, journey_id DESC LIMIT $${w.params.length + 1}`,
      [...w.params, limit],
    );
    return rows.reverse().map((r) => ({ week: r.week, endToEndMs: Number(r.end_to_end_ms) }));
  }
}

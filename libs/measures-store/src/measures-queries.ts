import type { ClosureTotals, Grouping, MeasuresFilter, PeriodAggregates } from '@waymark/measures-report';
import { NO_CLOSURES } from '@waymark/measures-report';
import { DataSource } from 'typeorm';

type Where = { sql: string; params: unknown[] };

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
    const [activity, closures, minutes] = await Promise.all([
      this.activity(filter),
      this.closures(filter),
      this.sustainedMinutes(filter),
    ]);
    const periods = new Map<string, PeriodAggregates>();
    const period = (key: string) => {
      let p = periods.get(key);
      if (!p) periods.set(key, (p = { activity: [], closures: NO_CLOSURES, sustainedMinutes: [] }));
      return p;
    };
    for (const { period: key, ...total } of activity) period(key).activity.push(total);
    for (const { period: key, totals } of closures) period(key).closures = totals;
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

  private async closures(filter: MeasuresFilter): Promise<{ period: string; totals: ClosureTotals }[]> {
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
         percentile_cont(0.5) WITHIN GROUP (ORDER BY what_matters_ms)
           FILTER (WHERE final AND what_matters_ms IS NOT NULL) AS what_matters_median_ms,
         count(*) FILTER (WHERE final AND progress_change IS NOT NULL) AS rated,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY progress_change)
           FILTER (WHERE final AND progress_change IS NOT NULL) AS progress_median_change,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY end_to_end_ms)
           FILTER (WHERE follow_up = 'sustained') AS end_to_end_median_ms,
         percentile_cont(0.85) WITHIN GROUP (ORDER BY end_to_end_ms)
           FILTER (WHERE follow_up = 'sustained') AS end_to_end_p85_ms
       FROM closures WHERE ${w.sql} GROUP BY 1`,
      w.params,
    );
    const n = (v: string | null) => Number(v ?? 0);
    const stat = (v: string | null) => (v === null ? null : Number(v));
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
        whatMattersMedianMs: stat(r['what_matters_median_ms']),
        rated: n(r['rated']),
        progressMedianChange: stat(r['progress_median_change']),
        endToEndMedianMs: stat(r['end_to_end_median_ms']),
        endToEndP85Ms: stat(r['end_to_end_p85_ms']),
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

  /** Median end-to-end time of each week's sustained closures, in week order. */
  async weeklyEndToEnd(filter: MeasuresFilter): Promise<{ week: string; n: number; medianMs: number }[]> {
    const w = where(filter, `follow_up = 'sustained'`);
    const rows: { week: string; n: string; median_ms: number }[] = await this.dataSource.query(
      `SELECT date_trunc('week', day)::date::text AS week, count(*) AS n,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY end_to_end_ms) AS median_ms
       FROM closures WHERE ${w.sql} GROUP BY 1 ORDER BY 1`,
      w.params,
    );
    return rows.map((r) => ({ week: r.week, n: Number(r.n), medianMs: Number(r.median_ms) }));
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

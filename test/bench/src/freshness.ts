import { sleep } from '@waymark/test-support';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { percentile } from './stats';

export interface FreshnessSettings {
  /** The run's measures-service. */
  measuresUrl: string;
  /** Its management server, for /metrics. */
  measuresManagementUrl: string;
  commissionerKey: string;
  databaseUrl: string;
  /** At most one probe every this many ms, one at a time. */
  probeEveryMs: number;
  /** Whether a probe may start at this time (run clock): the measured window only. */
  inWindow: (at: number) => boolean;
  signal: AbortSignal;
  /** measures-service's calendar (MEASURES_TIME_ZONE): the day an open counts on. */
  timeZone: string;
}

/** A Prometheus histogram as /metrics gives it: cumulative counts per upper bound. */
export interface Histogram {
  buckets: { le: number; count: number }[];
  count: number;
  sum: number;
}

/**
 * How far the commissioners' figures trail the providers' API: a probe journey is opened in an area code of its own,
 * and the probe reads that area's day in the projections (the rollup row the commissioners' figures are summed from)
 * until it counts the journey. Not through the API: it never shows a count of one (decision 0013), so the API's
 * own read (a few ms, see the query benchmarks) comes on top. Also reads measures-service's own lag histogram
 * (recorded → committed, per event) and checks that every event the API reported reached the projections.
 */
export class Freshness {
  private readonly pool: Pool;
  /** ms from an open's 201 until the API's figure for its area and day counts it. */
  readonly probes: number[] = [];
  probesMissed = 0;
  /** Statuses of probe requests that failed (each ends its probe). */
  readonly probeErrors: number[] = [];
  private claimed: string | undefined;
  private lastProbe = -Infinity;
  private areas = 0;
  /** Unique to this run: earlier runs' probe journeys stay in the stack, and a reused area would count them too. */
  private readonly runTag = Date.now().toString(36).toUpperCase();
  private readonly pending = new Set<Promise<void>>();
  private readonly day: Intl.DateTimeFormat;

  constructor(private readonly settings: FreshnessSettings) {
    this.pool = new Pool({ connectionString: settings.databaseUrl, max: 2 });
    this.day = new Intl.DateTimeFormat('en-CA', { timeZone: settings.timeZone }); // en-CA: YYYY-MM-DD
  }

  /**
   * The area code for the next open, when a probe should start now: unique (`P<run>-<n>`, within the area
   * rule of 16 upper-case letters, digits or hyphens). Undefined while a probe runs or too soon after one.
   */
  claimArea(at: number): string | undefined {
    if (this.claimed || !this.settings.inWindow(at) || at - this.lastProbe < this.settings.probeEveryMs)
      return undefined;
    this.lastProbe = at;
    this.claimed = `P${this.runTag}-${++this.areas}`;
    return this.claimed;
  }

  /** The open with the claimed area failed: nothing to follow. */
  release(areaCode: string): void {
    if (this.claimed === areaCode) this.claimed = undefined;
  }

  /** Called for every open the API answered 201; follows the one that carries the claimed area. */
  onOpened(journeyId: string, answeredAt: number, areaCode: string, occurredAt: string): void {
    if (areaCode !== this.claimed) return;
    const probe = this.follow(areaCode, this.day.format(new Date(occurredAt)), answeredAt).finally(() => {
      this.claimed = undefined;
      this.pending.delete(probe);
    });
    this.pending.add(probe);
  }

  private async follow(area: string, day: string, answeredAt: number): Promise<void> {
    const deadline = answeredAt + 60_000;
    while (performance.now() < deadline && !this.settings.signal.aborted) {
      const opened = await this.pool
        .query<{ count: string }>(
          `SELECT count FROM measure_counts WHERE provider_id = '' AND area_code = $1 AND grain = 'day'
             AND period = $2::date AND metric = 'opened'`,
          [area, day],
        )
        .then(
          (r) => Number(r.rows[0]?.count ?? 0),
          () => undefined,
        );
      if (opened === undefined) {
        this.probeErrors.push(500); // counted, not retried: a probe that errs is not a fresh figure
        return;
      }
      if (opened === 1) {
        this.probes.push(performance.now() - answeredAt);
        return;
      }
      await sleep(20);
    }
    if (!this.settings.signal.aborted) this.probesMissed++;
  }

  /**
   * Waits until the projections hold `expected` events of these journeys (each journey's facts keep the last
   * seq applied, and seqs have no gaps, so their sum counts the events applied). Answers how long after `since`
   * (run clock, e.g. when the load stopped) that was, or undefined on timeout.
   */
  async drain(
    journeyIds: string[],
    expected: number,
    since: number,
    timeoutMs: number,
  ): Promise<{ ms: number | undefined; projected: number }> {
    let projected = 0;
    while (!this.settings.signal.aborted) {
      projected = await this.eventsProjected(journeyIds);
      if (projected >= expected) return { ms: performance.now() - since, projected };
      if (performance.now() - since > timeoutMs) break;
      await sleep(250);
    }
    return { ms: undefined, projected };
  }

  private async eventsProjected(journeyIds: string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      `SELECT coalesce(sum((facts->>'seq')::int), 0)::int AS n FROM journey_facts WHERE journey_id = ANY($1::uuid[])`,
      [journeyIds],
    );
    return rows[0]?.n ?? 0;
  }

  /** measures-service's `waymark_measures_projection_lag_seconds` from its management server's /metrics. */
  async lagHistogram(): Promise<Histogram | undefined> {
    const response = await fetch(`${this.settings.measuresManagementUrl}/metrics`).catch(() => undefined);
    if (!response?.ok) return undefined;
    return parseHistogram(await response.text(), 'waymark_measures_projection_lag_seconds');
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    if (!this.pool.ended) await this.pool.end();
  }
}

/** One histogram (without labels) from the Prometheus text format. */
export function parseHistogram(text: string, name: string): Histogram | undefined {
  const buckets: Histogram['buckets'] = [];
  let count: number | undefined;
  let sum: number | undefined;
  for (const line of text.split('\n')) {
    const bucket = new RegExp(`^${name}_bucket\\{le="([^"]+)"\\} (\\S+)$`).exec(line);
    if (bucket?.[1] && bucket[2]) buckets.push({ le: Number(bucket[1]), count: Number(bucket[2]) });
    if (line.startsWith(`${name}_count `)) count = Number(line.split(' ')[1]);
    if (line.startsWith(`${name}_sum `)) sum = Number(line.split(' ')[1]);
  }
  if (count === undefined || sum === undefined || buckets.length === 0) return undefined;
  return { buckets: buckets.sort((a, b) => a.le - b.le), count, sum };
}

/** A quantile from cumulative buckets, linear within its bucket (as Prometheus' histogram_quantile). */
export function histogramQuantile(h: Histogram, q: number): number {
  if (h.count === 0) return Number.NaN;
  const rank = q * h.count;
  let lower = 0;
  let below = 0;
  for (const { le, count } of h.buckets) {
    if (count >= rank) {
      if (!Number.isFinite(le)) return lower; // in the +Inf bucket: the highest finite bound is all we know
      return lower + ((le - lower) * (rank - below)) / Math.max(1, count - below);
    }
    lower = le;
    below = count;
  }
  return lower;
}

/** Lines describing the histogram: quantiles, mean, and the buckets as "≤ bound: share". */
export function describeHistogram(h: Histogram): string[] {
  const s = (seconds: number) => `${Math.round(seconds * 1000)} ms`;
  const lines = [
    `${h.count} events, mean ${s(h.sum / Math.max(1, h.count))}, p50 ≈ ${s(histogramQuantile(h, 0.5))}, ` +
      `p95 ≈ ${s(histogramQuantile(h, 0.95))}, p99 ≈ ${s(histogramQuantile(h, 0.99))} (interpolated within buckets)`,
  ];
  lines.push(
    'buckets (cumulative): ' +
      h.buckets.map((b) => `≤ ${Number.isFinite(b.le) ? `${b.le} s` : '+Inf'}: ${b.count}`).join(', '),
  );
  return lines;
}

/** p50/p95/p99/max of probe times, for the report. */
export function probeFigures(probes: number[]): { p50: number; p95: number; p99: number; max: number } {
  const sorted = [...probes].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

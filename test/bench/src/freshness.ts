import { sleep } from '@waymark/test-support';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { percentile } from './stats';

/**
 * How far measures-service's projections trail the API, read straight from the tables
 * it writes (`journeys`, which `/v1/measures/summary` counts, and `processed_events`).
 */
export class Freshness {
  private readonly pool: Pool;
  /** ms from an open's 201 until its journey is in the projection (what the summary counts). */
  readonly probes: number[] = [];
  probesMissed = 0;
  private probing = false;
  private lastProbe = -Infinity;
  private readonly pending = new Set<Promise<void>>();

  constructor(
    databaseUrl: string,
    private readonly probeEveryMs: number,
    private readonly inWindow: (at: number) => boolean,
    private readonly signal: AbortSignal,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 2 });
  }

  /** Follows one opened journey at a time, at most one every `probeEveryMs`. */
  onOpened(journeyId: string, answeredAt: number): void {
    if (this.probing || !this.inWindow(answeredAt) || answeredAt - this.lastProbe < this.probeEveryMs) return;
    this.probing = true;
    this.lastProbe = answeredAt;
    const probe = this.follow(journeyId, answeredAt).finally(() => {
      this.probing = false;
      this.pending.delete(probe);
    });
    this.pending.add(probe);
  }

  private async follow(journeyId: string, answeredAt: number): Promise<void> {
    const deadline = answeredAt + 60_000;
    while (performance.now() < deadline && !this.signal.aborted) {
      const { rowCount } = await this.pool.query('SELECT 1 FROM journeys WHERE journey_id = $1', [journeyId]);
      if (rowCount) {
        this.probes.push(performance.now() - answeredAt);
        return;
      }
      await sleep(20);
    }
    if (!this.signal.aborted) this.probesMissed++;
  }

  /**
   * Waits until the projection store holds `expected` events of these journeys. Answers how long
   * after `since` (run clock, e.g. when the load stopped) that was, or undefined on timeout.
   */
  async drain(
    journeyIds: string[],
    expected: number,
    since: number,
    timeoutMs: number,
  ): Promise<{ ms: number | undefined; projected: number }> {
    let projected = 0;
    while (!this.signal.aborted) {
      projected = await this.eventsProjected(journeyIds);
      if (projected >= expected) return { ms: performance.now() - since, projected };
      if (performance.now() - since > timeoutMs) break;
      await sleep(250);
    }
    return { ms: undefined, projected };
  }

  private async eventsProjected(journeyIds: string[]): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM processed_events WHERE journey_id = ANY($1::uuid[])',
      [journeyIds],
    );
    return rows[0]?.n ?? 0;
  }

  /**
   * For every event of these journeys recorded between `from` and `to` (wall clock): from the
   * workflow recording it to the projection transaction that applied it (`processed_at` is that
   * transaction's start, so this slightly understates).
   */
  async eventLag(
    journeyIds: string[],
    from: Date,
    to: Date,
  ): Promise<{ count: number; p50: number; p95: number; p99: number; max: number }> {
    const { rows } = await this.pool.query<{ ms: number }>(
      `SELECT extract(epoch FROM processed_at - recorded_at) * 1000 AS ms
         FROM processed_events
        WHERE journey_id = ANY($1::uuid[]) AND recorded_at >= $2 AND recorded_at < $3`,
      [journeyIds, from, to],
    );
    const lags = rows.map((r) => Number(r.ms)).sort((a, b) => a - b);
    return {
      count: lags.length,
      p50: percentile(lags, 0.5),
      p95: percentile(lags, 0.95),
      p99: percentile(lags, 0.99),
      max: lags.at(-1) ?? Number.NaN,
    };
  }

  async close(): Promise<void> {
    await Promise.all(this.pending);
    if (!this.pool.ended) await this.pool.end();
  }
}

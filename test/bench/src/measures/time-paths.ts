import { performance } from 'node:perf_hooks';
import { percentile } from '../stats';
import { say } from './bench-env';

export interface TimedPath {
  name: string;
  path: string;
}

export interface Answer {
  ms: number;
  status: number;
  body: string;
}

export interface Timing {
  warmup: number;
  requests: number;
  /** After this many requests, stop once budgetMs has passed. */
  minRequests: number;
  budgetMs: number;
  /** Warm-up stops early after this long (no limit unless given). */
  warmupBudgetMs?: number;
}

/**
 * Times each path with sequential GETs after its warm-up; returns (and says) one Markdown row per path:
 * requests, p50, p95, p99, max and the answer's size. A non-200 answer ends the benchmark.
 */
export async function timePaths(
  get: (path: string) => Promise<Answer>,
  paths: TimedPath[],
  { warmup, requests, minRequests, budgetMs, warmupBudgetMs = Infinity }: Timing,
): Promise<string[]> {
  const rows: string[] = [];
  for (const { name, path } of paths) {
    const warmupStarted = performance.now();
    for (let i = 0; i < warmup && performance.now() - warmupStarted < warmupBudgetMs; i++) await get(path);
    const times: number[] = [];
    let bytes = 0;
    const started = performance.now();
    for (let i = 0; i < requests; i++) {
      if (i >= minRequests && performance.now() - started > budgetMs) break;
      const r = await get(path);
      if (r.status !== 200) throw new Error(`${path} answered ${r.status}: ${r.body.slice(0, 300)}`);
      times.push(r.ms);
      bytes = r.body.length;
    }
    times.sort((a, b) => a - b);
    const row =
      `| ${name} | ${times.length} | ${ms(percentile(times, 0.5))} | ${ms(percentile(times, 0.95))} | ` +
      `${ms(percentile(times, 0.99))} | ${ms(times.at(-1) ?? NaN)} | ${(bytes / 1024).toFixed(0)} KiB |`;
    rows.push(row);
    say(row);
  }
  return rows;
}

const ms = (value: number) => (value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`);

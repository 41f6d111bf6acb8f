/** One request (or one baseline INSERT): when it started and ended (ms on the run's clock) and how it ended. */
export interface Sample {
  kind: string;
  start: number;
  end: number;
  /** HTTP status; 0 when no response came (network error or timeout). */
  status: number;
  /** Why it failed, for the error breakdown: a problem response's rule, or the error's name. */
  detail?: string;
}

export interface Figures {
  /** Requests counted (started inside the window). */
  count: number;
  /** Of those, answered with 2xx. */
  ok: number;
  /** 2xx answers per second of the window. */
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Non-2xx answers and failures by status (`0` = no response), each with its details counted. */
  errors: Map<number, Map<string, number>>;
}

export const isOk = (status: number) => status >= 200 && status < 300;

/** Nearest-rank percentile of an ascending array (NaN when empty). */
export function percentile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}

/**
 * Figures for the samples that started in [from, to) ms. Latency percentiles cover every
 * such request, errors included (errors are also counted on their own, never dropped).
 */
export function figures(samples: Sample[], from: number, to: number): Figures {
  const inWindow = samples.filter((s) => s.start >= from && s.start < to);
  const latencies = inWindow.map((s) => s.end - s.start).sort((a, b) => a - b);
  const errors = new Map<number, Map<string, number>>();
  let ok = 0;
  for (const s of inWindow) {
    if (isOk(s.status)) {
      ok++;
      continue;
    }
    const details = errors.get(s.status) ?? new Map<string, number>();
    const detail = s.detail ?? 'no detail';
    details.set(detail, (details.get(detail) ?? 0) + 1);
    errors.set(s.status, details);
  }
  return {
    count: inWindow.length,
    ok,
    perSecond: ok / ((to - from) / 1000),
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? Number.NaN,
    errors,
  };
}

export const errorCount = (f: Figures) => f.count - f.ok;

/** `409 ×3 (journey-ended ×2, journey-closed ×1); 0 ×1 (TimeoutError ×1)`, or `none`. */
export function describeErrors(errors: Figures['errors']): string {
  if (errors.size === 0) return 'none';
  return [...errors.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, details]) => {
      const total = [...details.values()].reduce((a, b) => a + b, 0);
      const parts = [...details.entries()].sort((a, b) => b[1] - a[1]).map(([d, n]) => `${d} ×${n}`);
      return `${status === 0 ? 'failed, no answer' : status} ×${total} (${parts.join(', ')})`;
    })
    .join('; ');
}

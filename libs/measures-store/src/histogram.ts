/** A count histogram: how many values fall in each bucket, buckets ascending (two arrays, as PostgreSQL gives them). */
export interface Histogram {
  buckets: number[];
  counts: number[];
}

export const population = ({ counts }: Histogram) => counts.reduce((n, c) => n + c, 0);

/**
 * Where the value at a 0-based rank of the sorted values is: its bucket, its rank within the bucket, and how many
 * values the bucket holds.
 */
export function locate(
  { buckets, counts }: Histogram,
  rank: number,
): { bucket: number; offset: number; count: number } {
  let before = 0;
  for (let i = 0; i < buckets.length; i++) {
    if (rank < before + counts[i]) return { bucket: buckets[i], offset: rank - before, count: counts[i] };
    before += counts[i];
  }
  throw new RangeError(`rank ${rank} is outside a histogram of ${before} values`);
}

/** The histogram of several populations together, without empty buckets. */
export function addHistograms(parts: Histogram[]): Histogram {
  const totals = new Map<number, number>();
  for (const { buckets, counts } of parts) {
    buckets.forEach((bucket, i) => totals.set(bucket, (totals.get(bucket) ?? 0) + counts[i]));
  }
  const buckets = [...totals.keys()].filter((b) => totals.get(b) !== 0).sort((a, b) => a - b);
  return { buckets, counts: buckets.map((b) => totals.get(b) as number) };
}

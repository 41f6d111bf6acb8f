/** A count histogram: how many values fall in each bucket, buckets ascending. */
export type Histogram = { bucket: number; count: number }[];

export const population = (histogram: Histogram) => histogram.reduce((n, b) => n + b.count, 0);

/** Where the value at a 0-based rank of the sorted values is: its bucket, and its rank within the bucket. */
export function locate(histogram: Histogram, rank: number): { bucket: number; offset: number } {
  let before = 0;
  for (const { bucket, count } of histogram) {
    if (rank < before + count) return { bucket, offset: rank - before };
    before += count;
  }
  throw new RangeError(`rank ${rank} is outside a histogram of ${before} values`);
}

/** The histogram of several populations together, without empty buckets. */
export function addHistograms(parts: Histogram[]): Histogram {
  if (parts.length === 1) return parts[0].filter((b) => b.count !== 0);
  const counts = new Map<number, number>();
  for (const part of parts) for (const { bucket, count } of part) counts.set(bucket, (counts.get(bucket) ?? 0) + count);
  return [...counts]
    .filter(([, count]) => count !== 0)
    .sort(([a], [b]) => a - b)
    .map(([bucket, count]) => ({ bucket, count }));
}

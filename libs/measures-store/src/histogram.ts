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

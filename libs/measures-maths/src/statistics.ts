/** Refuse NaN and ±Infinity up front, so no statistic can quietly come out as NaN. */
function finiteValues(values: readonly number[]): void {
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError('values must all be finite numbers');
}

/**
 * Percentile by linear interpolation between closest ranks (numpy's default 'linear',
 * Hyndman & Fan type 7, Excel PERCENTILE.INC): sort ascending, h = (n − 1) × p / 100,
 * result = x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋ + 1] − x[⌊h⌋]). Undefined for no values.
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (!Number.isFinite(p) || p < 0 || p > 100) throw new RangeError(`p must be between 0 and 100, got ${p}`);
  finiteValues(values);
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const h = ((sorted.length - 1) * p) / 100;
  const lower = Math.floor(h);
  const fraction = h - lower;
  // At p = 100 (or an exact rank) there is no upper neighbour to blend in.
  if (fraction === 0) return sorted[lower];
  const [a, b] = [sorted[lower], sorted[lower + 1]];
  // a + (b − a) can round a hair past b; clamping keeps the result monotonic in p and within [min, max].
  return Math.min(b, Math.max(a, a + fraction * (b - a)));
}

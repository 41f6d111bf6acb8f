import { rate } from './rate';

/** DESIGN §6: the default disclosure threshold; deployments may configure another. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;

export type SuppressionReason = 'count-below-threshold' | 'denominator-below-threshold';

/** A figure a commissioner may see, or a marker that it was withheld: never a zero standing in for it. */
export type Disclosed<T> = { value: T } | { suppressed: true; reason: SuppressionReason };

export function isSuppressed<T>(disclosed: Disclosed<T>): disclosed is { suppressed: true; reason: SuppressionReason } {
  return 'suppressed' in disclosed;
}

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  }
}

// Thresholds compare counts of things; a fractional or negative "count" means the caller passed something else.
function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

/** A count is shown only when count ≥ threshold; 0 is below any threshold, so it is suppressed too. */
export function suppressCount(n: number, threshold = DEFAULT_DISCLOSURE_THRESHOLD): Disclosed<number> {
  checkThreshold(threshold);
  checkCount('count', n);
  return n < threshold ? { suppressed: true, reason: 'count-below-threshold' } : { value: n };
}

/**
 * A rate is shown only when denominator ≥ threshold. Following DESIGN §6 exactly, only the denominator is
 * tested: a small numerator (even 0) is shown when the denominator is large enough.
 */
export function suppressRate(
  numerator: number,
  denominator: number,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Disclosed<number> {
  checkThreshold(threshold);
  checkCount('denominator', denominator);
  const value = rate(numerator, denominator);
  // threshold ≥ 1, so a denominator that passes is never 0 and value is defined.
  if (denominator < threshold || value === undefined) {
    return { suppressed: true, reason: 'denominator-below-threshold' };
  }
  return { value };
}

/** A statistic (median, percentile, mean) is shown only when the number of values behind it ≥ threshold. */
export function suppressStatistic<T>(
  value: T,
  sampleSize: number,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Disclosed<T> {
  checkThreshold(threshold);
  checkCount('sampleSize', sampleSize);
  return sampleSize < threshold ? { suppressed: true, reason: 'denominator-below-threshold' } : { value };
}

import { Fraction } from './exact';

/**
 * Disclosure control (DESIGN §6, decision 0013). Every count is published as the band of COUNT_BAND it falls in,
 * labelled by the band's lowest value (10 stands for 10–14), and only from the smallest multiple of COUNT_BAND
 * above the threshold (10 for the default 5); a rate or mean of counts is worked out from those bands, so it tells
 * nothing the bands do not. Why bands that start at multiples of 5, and why the first shown band starts above the
 * threshold: together they make sure no single sum relation (a total and its parts) pins a count below the
 * threshold — see decision 0013 and disclosure-attacks.spec.ts.
 */

/** DESIGN §6: the default disclosure threshold; deployments may configure another. */
export const DEFAULT_DISCLOSURE_THRESHOLD = 5;
/** The width of a published count's band. */
export const COUNT_BAND = 5;

export type SuppressionReason =
  | 'count-below-threshold'
  | 'denominator-below-threshold'
  | 'numerator-or-complement-below-threshold';

/** A figure a commissioner may see, or a marker that it was withheld: never a zero standing in for it. */
export type Disclosed<T> = { value: T } | { suppressed: true; reason: SuppressionReason };

const withheld = (reason: SuppressionReason) => ({ suppressed: true, reason }) as const;

function checkThreshold(threshold: number): void {
  if (!Number.isInteger(threshold) || threshold < 1) {
    throw new RangeError(`threshold must be a positive integer, got ${threshold}`);
  }
}

// Thresholds compare counts of things; a fractional or negative "count" means the caller passed something else.
function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
}

/**
 * The smallest count that is shown: the smallest multiple of COUNT_BAND above the threshold (5 → 10, 3 → 5). Every
 * withheld count is then somewhere in 0 … smallestShownCount − 1, a range that reaches the threshold.
 */
export function smallestShownCount(threshold = DEFAULT_DISCLOSURE_THRESHOLD): number {
  checkThreshold(threshold);
  return COUNT_BAND * (Math.floor(threshold / COUNT_BAND) + 1);
}

/** The published label of a count's band: the band's lowest value (0–4 → 0, 12 → 10). */
export function countBand(n: number): number {
  checkCount('count', n);
  return n - (n % COUNT_BAND);
}

/** A count: its band when it is at least smallestShownCount, otherwise withheld (0 included). */
export function discloseCount(n: number, threshold = DEFAULT_DISCLOSURE_THRESHOLD): Disclosed<number> {
  checkCount('count', n);
  return n < smallestShownCount(threshold) ? withheld('count-below-threshold') : { value: countBand(n) };
}

/**
 * A share (part ⊆ whole, e.g. failure contacts of all contacts): withheld when the whole is not a shown count, or
 * when the part or the rest of the whole (its complement) is not — a share near 0 or 1 tells the same as a small
 * count; the reason does not say which. Otherwise band(part) ÷ band(whole): share × the whole's published count gives
 * back only the part's published band.
 */
export function discloseShare(
  part: number,
  whole: number,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Disclosed<Fraction> {
  checkCount('part', part);
  checkCount('whole', whole);
  if (part > whole) throw new RangeError(`part ${part} exceeds whole ${whole}`);
  const smallest = smallestShownCount(threshold);
  if (whole < smallest) return withheld('denominator-below-threshold');
  if (part < smallest || whole - part < smallest) return withheld('numerator-or-complement-below-threshold');
  return { value: new Fraction(countBand(part), countBand(whole)) };
}

/**
 * A mean of a count over n things (e.g. accepted hand-offs per journey): withheld when n or the total is not a shown
 * count; otherwise band(total) ÷ band(n), so mean × n gives back only the total's band.
 */
export function discloseMeanCount(
  total: number,
  n: number,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Disclosed<Fraction> {
  checkCount('total', total);
  checkCount('n', n);
  const smallest = smallestShownCount(threshold);
  if (n < smallest) return withheld('denominator-below-threshold');
  if (total < smallest) return withheld('numerator-or-complement-below-threshold');
  return { value: new Fraction(countBand(total), countBand(n)) };
}

/**
 * A statistic over n values (a percentile, a mean cost): shown only when n would be shown as a count; `value` is
 * worked out only then.
 */
export function discloseStatistic<T>(
  n: number,
  value: () => T,
  threshold = DEFAULT_DISCLOSURE_THRESHOLD,
): Disclosed<T> {
  checkCount('n', n);
  return n < smallestShownCount(threshold) ? withheld('denominator-below-threshold') : { value: value() };
}

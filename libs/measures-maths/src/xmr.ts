import { Fraction } from './exact';

/**
 * The lines of an XmR (individuals) chart, worked out in exact rational arithmetic: published lines are rounded from
 * their exact values, and a point exactly on a line is on it (no floating-point near-misses to paper over).
 */

/** 3 ÷ d₂ for subgroups of two (d₂ = 1.128), rounded as Making Data Count and Wheeler do: mean moving range → 3σ. */
export const NATURAL_PROCESS_LIMIT_FACTOR: Fraction = new Fraction(266, 100);
/**
 * Two thirds of that: the ±2σ lines that "two of three" looks beyond. Making Data Count's tools put them at
 * mean ± 2 × (2.66 ÷ 3) × mean moving range (NHSRplotthedots `limitclose`), so 1.7733…, not 2 ÷ 1.128 = 1.773.
 */
export const TWO_SIGMA_FACTOR: Fraction = NATURAL_PROCESS_LIMIT_FACTOR.mul(2).div(3);
/** D₄ for subgroups of two: the upper limit for a single moving range. */
export const MOVING_RANGE_LIMIT_FACTOR: Fraction = new Fraction(3268, 1000);

/** What needs a moving range, so two points or more. Lower lines are not below zero: charted values are durations. */
export interface XmrLimits {
  meanMovingRange: Fraction;
  upperLimit: Fraction;
  lowerLimit: Fraction;
  upperTwoSigma: Fraction;
  lowerTwoSigma: Fraction;
  movingRangeUpperLimit: Fraction;
}

export interface XmrLines {
  /** mean(x). */
  centreLine: Fraction;
  /** Undefined with a single point (no moving range). */
  limits: XmrLimits | undefined;
}

/** |xᵢ − xᵢ₋₁| for each point after the first. */
export const movingRanges = (xs: readonly Fraction[]): Fraction[] => xs.slice(1).map((x, i) => x.sub(xs[i]).abs());

const meanOf = (xs: readonly Fraction[]) => xs.reduce((sum, x) => sum.add(x), new Fraction(0)).div(xs.length);
const notBelowZero = (x: Fraction) => (x.lt(0) ? new Fraction(0) : x);

/** DESIGN §6: centre = mean(x), limits = centre ± 2.66 × mean(mR), and the ±2σ lines; `xs` must not be empty. */
export function xmrLines(xs: readonly Fraction[]): XmrLines {
  if (xs.length === 0) throw new RangeError('an XmR chart needs at least one point');
  const centreLine = meanOf(xs);
  if (xs.length < 2) return { centreLine, limits: undefined };
  const meanMovingRange = meanOf(movingRanges(xs));
  const threeSigma = NATURAL_PROCESS_LIMIT_FACTOR.mul(meanMovingRange);
  const twoSigma = TWO_SIGMA_FACTOR.mul(meanMovingRange);
  return {
    centreLine,
    limits: {
      meanMovingRange,
      upperLimit: centreLine.add(threeSigma),
      lowerLimit: notBelowZero(centreLine.sub(threeSigma)),
      upperTwoSigma: centreLine.add(twoSigma),
      lowerTwoSigma: notBelowZero(centreLine.sub(twoSigma)),
      movingRangeUpperLimit: MOVING_RANGE_LIMIT_FACTOR.mul(meanMovingRange),
    },
  };
}

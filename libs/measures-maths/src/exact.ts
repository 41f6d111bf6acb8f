import { Fraction as FractionClass } from 'fraction.js';

/** Exact rational numbers (fraction.js, BigInt based): the class, and the type of its instances. */
export const Fraction: typeof FractionClass = FractionClass;
export type Fraction = InstanceType<typeof FractionClass>;

/**
 * Type 7 (see {@link percentile}): among n sorted values the p-th percentile lies at
 * x[index] + fraction × (x[index + 1] − x[index]), with index = ⌊(n − 1)·p/100⌋.
 */
export function percentilePosition(n: number, p: number): { index: number; fraction: Fraction } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  if (!Number.isInteger(p) || p < 0 || p > 100) throw new RangeError(`p must be a whole number 0–100, got ${p}`);
  const h = new Fraction((n - 1) * p, 100);
  const index = Math.floor(((n - 1) * p) / 100);
  return { index, fraction: h.sub(index) };
}

/** The exact percentile from the two values around its position; `upper` is absent when the position is the last. */
export function percentileBetween(lower: number, upper: number | undefined, n: number, p: number): Fraction {
  const { fraction } = percentilePosition(n, p);
  const a = new Fraction(lower);
  return upper === undefined || fraction.equals(0) ? a : a.add(fraction.mul(new Fraction(upper).sub(a)));
}

/** Rounds the exact value half away from zero, so 1.005 gives 1.01 and −2.5 gives −3. */
export function roundExact(value: Fraction, decimals: number): number {
  const scale = 10 ** decimals;
  const magnitude = Number(value.abs().mul(scale).add(new Fraction(1, 2)).floor().valueOf()) / scale;
  return value.s < 0n && magnitude !== 0 ? -magnitude : magnitude;
}

/** numerator ÷ denominator; undefined (not NaN or Infinity) when the denominator is 0. */
export function rate(numerator: number, denominator: number): number | undefined {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator)) {
    throw new RangeError('numerator and denominator must be finite numbers');
  }
  if (denominator === 0) return undefined;
  return numerator / denominator;
}

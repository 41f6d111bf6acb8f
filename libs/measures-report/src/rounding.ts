/** n × 10^k done on n's decimal form, so no binary rounding creeps in. */
function shift(n: number, k: number): number {
  const [mantissa, exponent = '0'] = String(n).split('e');
  return Number(`${mantissa}e${Number(exponent) + k}`);
}

/**
 * Rounds half away from zero on the number's shortest decimal form (as JavaScript prints it), so 1.005 gives
 * 1.01 rather than the 1.00 that scaling the binary value by 100 would give.
 */
export function round(value: number, decimals: number): number {
  const result = shift(Math.round(shift(Math.abs(value), decimals)), -decimals);
  return value < 0 ? -result : result;
}

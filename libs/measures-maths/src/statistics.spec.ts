import { percentile } from './statistics';

// Linear interpolation between closest ranks: h = (n − 1) × p / 100, x[⌊h⌋] + (h − ⌊h⌋) × (x[⌊h⌋+1] − x[⌊h⌋]).
describe('percentile (linear, numpy default)', () => {
  const odd = [40, 15, 50, 20, 35]; // sorted: 15 20 35 40 50, n = 5

  it.each([
    [0, 15], // h = 0
    [25, 20], // h = 4 × 0.25 = 1 → x[1]
    [30, 23], // h = 1.2 → 20 + 0.2 × (35 − 20) = 23
    [40, 29], // h = 1.6 → 20 + 0.6 × 15 = 29
    [50, 35], // h = 2 → x[2]
    [85, 44], // h = 3.4 → 40 + 0.4 × (50 − 40) = 44
    [100, 50], // h = 4 → x[4], the maximum
  ])('odd count: p = %d gives %d', (p, expected) => {
    expect(percentile(odd, p)).toBeCloseTo(expected, 10);
  });

  it.each([
    [0, 1],
    [50, 2.5], // h = 3 × 0.5 = 1.5 → 2 + 0.5 × 1
    [85, 3.55], // h = 2.55 → 3 + 0.55 × 1
    [100, 4],
  ])('even count [3, 1, 4, 2]: p = %d gives %d', (p, expected) => {
    expect(percentile([3, 1, 4, 2], p)).toBeCloseTo(expected, 10);
  });

  it.each([
    [50, 5], // h = 1.5 → 5 + 0.5 × (5 − 5)
    [75, 6.25], // h = 2.25 → 5 + 0.25 × (10 − 5)
    [85, 7.75], // h = 2.55 → 5 + 0.55 × 5
  ])('duplicates [5, 5, 5, 10]: p = %d gives %d', (p, expected) => {
    expect(percentile([5, 5, 5, 10], p)).toBeCloseTo(expected, 10);
  });

  it.each([0, 37.5, 50, 85, 100])('a single value is every percentile (p = %d)', (p) => {
    expect(percentile([7], p)).toBe(7);
  });

  it('is undefined, not NaN, for no values', () => {
    expect(percentile([], 50)).toBeUndefined();
    expect(percentile([], 0)).toBeUndefined();
  });

  it.each([-1, 100.5, NaN, Infinity])('refuses p = %d', (p) => {
    expect(() => percentile([1, 2], p)).toThrow(RangeError);
  });

  it('refuses non-finite values rather than returning NaN', () => {
    expect(() => percentile([1, NaN, 3], 50)).toThrow(RangeError);
    expect(() => percentile([1, Infinity], 50)).toThrow(RangeError);
  });

  it('does not reorder the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

import { Fraction, percentileBetween, percentilePosition, roundExact } from './exact';
import { percentile } from './statistics';

describe('exact percentiles', () => {
  it('places the percentile as type 7 does', () => {
    // n = 8: h = 7 × 0.85 = 5.95 → between x[5] and x[6], 95 % of the way
    expect(percentilePosition(8, 85)).toEqual({ index: 5, fraction: new Fraction(95, 100) });
    expect(percentilePosition(8, 50)).toEqual({ index: 3, fraction: new Fraction(1, 2) });
    expect(percentilePosition(1, 85)).toEqual({ index: 0, fraction: new Fraction(0) });
  });

  it('agrees with percentile() on the same values, exactly where floats cannot', () => {
    const xs = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5];
    const sorted = [...xs].sort((a, b) => a - b);
    for (const p of [0, 10, 50, 85, 100]) {
      const { index } = percentilePosition(xs.length, p);
      const exact = percentileBetween(sorted[index], sorted[index + 1], xs.length, p);
      expect(exact.valueOf()).toBeCloseTo(percentile(xs, p) as number, 12);
    }
    // 15.9 and 19.775 days in minutes: the 85th percentile of two values is 15.9 + 0.85 × 3.875 = 19.19375 days.
    expect(percentileBetween(22_896, 28_476, 2, 85)).toEqual(new Fraction(22_896 * 100 + 5_580 * 85, 100));
  });

  it('refuses what it cannot place', () => {
    expect(() => percentilePosition(0, 50)).toThrow(RangeError);
    expect(() => percentilePosition(3, 12.5)).toThrow(RangeError);
  });
});

describe('roundExact', () => {
  it('rounds the exact value half away from zero', () => {
    expect(roundExact(new Fraction(3875, 1000), 2)).toBe(3.88); // 19.775 − 15.9 in floats is 3.87499…
    expect(roundExact(new Fraction(-3875, 1000), 2)).toBe(-3.88);
    expect(roundExact(new Fraction(1005, 1000), 2)).toBe(1.01);
    expect(roundExact(new Fraction(2, 3), 4)).toBe(0.6667);
    expect(roundExact(new Fraction(-1, 1000), 2)).toBe(0); // not −0
    expect(roundExact(new Fraction(12), 2)).toBe(12);
  });
});

import { isSuppressed, suppressCount, suppressRate, suppressStatistic } from './disclosure';

const countSuppressed = { suppressed: true, reason: 'count-below-threshold' };
const denominatorSuppressed = { suppressed: true, reason: 'denominator-below-threshold' };

describe('suppressCount', () => {
  it.each([0, 1, 4])('suppresses %d, below the default threshold of 5', (n) => {
    expect(suppressCount(n)).toEqual(countSuppressed);
  });

  it.each([5, 6, 1000])('shows %d, at or above the threshold', (n) => {
    expect(suppressCount(n)).toEqual({ value: n });
  });

  it('uses a configured threshold', () => {
    expect(suppressCount(9, 10)).toEqual(countSuppressed);
    expect(suppressCount(10, 10)).toEqual({ value: 10 });
    expect(suppressCount(1, 1)).toEqual({ value: 1 });
    expect(suppressCount(0, 1)).toEqual(countSuppressed);
  });

  it.each([-1, 2.5, NaN])('refuses a count of %p', (n) => {
    expect(() => suppressCount(n)).toThrow(RangeError);
  });
});

describe('suppressRate', () => {
  it('suppresses a rate whose denominator is below the threshold', () => {
    expect(suppressRate(3, 4)).toEqual(denominatorSuppressed);
    expect(suppressRate(0, 0)).toEqual(denominatorSuppressed);
  });

  it('shows a rate whose denominator reaches the threshold', () => {
    expect(suppressRate(3, 5)).toEqual({ value: 0.6 });
  });

  it('shows the rate even when the numerator is below the threshold (DESIGN §6 tests the denominator only)', () => {
    expect(suppressRate(1, 20)).toEqual({ value: 0.05 });
    expect(suppressRate(0, 20)).toEqual({ value: 0 });
  });

  it('uses a configured threshold', () => {
    expect(suppressRate(5, 9, 10)).toEqual(denominatorSuppressed);
    expect(suppressRate(5, 10, 10)).toEqual({ value: 0.5 });
  });

  it('takes any finite numerator (a cost, say) but only a whole-number denominator', () => {
    expect(suppressRate(1234.5, 10)).toEqual({ value: 123.45 });
    expect(() => suppressRate(1, 5.5)).toThrow(RangeError);
    expect(() => suppressRate(1, -5)).toThrow(RangeError);
  });
});

describe('suppressStatistic', () => {
  it('suppresses a statistic over fewer values than the threshold', () => {
    expect(suppressStatistic(12.5, 4)).toEqual(denominatorSuppressed);
    expect(suppressStatistic(undefined, 0)).toEqual(denominatorSuppressed);
  });

  it('shows a statistic over enough values, whatever its type', () => {
    expect(suppressStatistic(12.5, 5)).toEqual({ value: 12.5 });
    expect(suppressStatistic({ median: 3, p85: 9 }, 30, 20)).toEqual({ value: { median: 3, p85: 9 } });
  });
});

describe('thresholds', () => {
  it.each([0, -5, 2.5, NaN, Infinity])('refuses %p', (threshold) => {
    expect(() => suppressCount(10, threshold)).toThrow(RangeError);
    expect(() => suppressRate(1, 10, threshold)).toThrow(RangeError);
    expect(() => suppressStatistic(1, 10, threshold)).toThrow(RangeError);
  });
});

describe('isSuppressed', () => {
  it('tells a withheld figure from a shown zero', () => {
    expect(isSuppressed(suppressCount(0))).toBe(true);
    expect(isSuppressed(suppressRate(0, 10))).toBe(false);
  });
});

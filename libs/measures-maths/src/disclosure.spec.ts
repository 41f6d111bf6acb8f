import {
  countBand,
  discloseCount,
  discloseMeanCount,
  discloseShare,
  discloseStatistic,
  smallestShownCount,
} from './disclosure';
import { Fraction } from './exact';

const countWithheld = { suppressed: true, reason: 'count-below-threshold' };
const denominatorWithheld = { suppressed: true, reason: 'denominator-below-threshold' };
const partWithheld = { suppressed: true, reason: 'numerator-or-complement-below-threshold' };

describe('smallestShownCount', () => {
  it.each([
    [1, 5],
    [3, 5],
    [4, 5],
    [5, 10], // 5–9 would be one band reaching down to the threshold: withheld with the counts below it
    [9, 10],
    [10, 15],
  ])('is the smallest multiple of 5 above a threshold of %d: %d', (threshold, smallest) => {
    expect(smallestShownCount(threshold)).toBe(smallest);
  });

  it.each([0, -5, 2.5, NaN, Infinity])('refuses a threshold of %p', (threshold) => {
    expect(() => smallestShownCount(threshold)).toThrow(RangeError);
    expect(() => discloseCount(10, threshold)).toThrow(RangeError);
  });
});

describe('discloseCount', () => {
  it('labels a count by the lowest value of its band of 5', () => {
    expect([0, 4, 5, 9, 10, 12, 14, 15, 1003].map(countBand)).toEqual([0, 0, 5, 5, 10, 10, 10, 15, 1000]);
  });

  it.each([0, 1, 4, 5, 9])('withholds %d under the default threshold of 5 (nothing below 10 is shown)', (n) => {
    expect(discloseCount(n)).toEqual(countWithheld);
  });

  it.each([
    [10, 10],
    [14, 10],
    [15, 15],
    [999, 995],
  ])('shows %d as %d', (n, shown) => {
    expect(discloseCount(n)).toEqual({ value: shown });
  });

  it('follows a configured threshold', () => {
    expect(discloseCount(4, 3)).toEqual(countWithheld);
    expect(discloseCount(7, 3)).toEqual({ value: 5 });
    expect(discloseCount(14, 10)).toEqual(countWithheld);
    expect(discloseCount(17, 10)).toEqual({ value: 15 });
  });

  it.each([-1, 2.5, NaN])('refuses a count of %p', (n) => {
    expect(() => discloseCount(n)).toThrow(RangeError);
  });
});

describe('discloseShare', () => {
  it('works a share out from the two bands: 23 of 61 is 20 ÷ 60', () => {
    expect(discloseShare(23, 61)).toEqual({ value: new Fraction(1, 3) });
  });

  it('withholds a share whose whole is not a shown count', () => {
    expect(discloseShare(3, 9)).toEqual(denominatorWithheld);
    expect(discloseShare(0, 0)).toEqual(denominatorWithheld);
  });

  it('withholds a share whose part, or the rest of the whole, is not a shown count, without saying which', () => {
    expect(discloseShare(1, 40)).toEqual(partWithheld); // 1 of 40: the part would be a count of 1
    expect(discloseShare(0, 40)).toEqual(partWithheld);
    expect(discloseShare(39, 40)).toEqual(partWithheld); // all but 1: the same count, seen from the other side
    expect(discloseShare(10, 20)).toEqual({ value: new Fraction(1, 2) });
  });

  it('refuses a part larger than its whole', () => {
    expect(() => discloseShare(11, 10)).toThrow(RangeError);
  });
});

describe('discloseMeanCount', () => {
  it('works a mean out from the bands: 37 hand-offs over 52 journeys is 35 ÷ 50', () => {
    expect(discloseMeanCount(37, 52)).toEqual({ value: new Fraction(7, 10) });
  });

  it('withholds a mean over too few things, or of too small a total', () => {
    expect(discloseMeanCount(30, 9)).toEqual(denominatorWithheld);
    expect(discloseMeanCount(3, 52)).toEqual(partWithheld);
  });
});

describe('discloseStatistic', () => {
  it('works the value out only over enough values', () => {
    const value = jest.fn(() => 12.5);
    expect(discloseStatistic(9, value)).toEqual(denominatorWithheld);
    expect(value).not.toHaveBeenCalled();
    expect(discloseStatistic(10, value)).toEqual({ value: 12.5 });
    expect(discloseStatistic(5, value, 3)).toEqual({ value: 12.5 });
  });
});

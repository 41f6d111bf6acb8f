import { Fraction } from './exact';
import { movingRanges, TWO_SIGMA_FACTOR, xmrLines, XmrLines } from './xmr';

/** Decimal strings are read exactly: '0.1' is one tenth, not the nearest binary number. */
const fractions = (xs: (number | string)[]) => xs.map((x) => new Fraction(x));
/** The lines as plain numbers, for comparing with hand-worked figures. */
const numbers = ({ centreLine, limits }: XmrLines) => ({
  centreLine: centreLine.valueOf(),
  meanMovingRange: limits?.meanMovingRange.valueOf(),
  upperLimit: limits?.upperLimit.valueOf(),
  lowerLimit: limits?.lowerLimit.valueOf(),
  upperTwoSigma: limits?.upperTwoSigma.valueOf(),
  lowerTwoSigma: limits?.lowerTwoSigma.valueOf(),
  movingRangeUpperLimit: limits?.movingRangeUpperLimit.valueOf(),
});

describe('xmrLines', () => {
  it('example 1: limits at 2.66 and 2σ lines at 2.66 × 2/3 mean moving ranges from the mean', () => {
    // x      10 11 10 11 10 11 10 25 10 11        n = 10, Σx = 119, mean = 11.9
    // mR      –  1  1  1  1  1  1 15 15  1        Σ = 37 over 9 ranges, mean mR = 37/9 ≈ 4.1111
    // 2.66 × 37/9 = 98.42/9 ≈ 10.935556: upper 22.835556, lower 0.964444 (above zero, not clamped)
    // 2.66 × 2/3 × 37/9 = 196.84/27 ≈ 7.290370: upper 2σ 19.190370, lower 2σ 4.609630
    // mR upper = 3.268 × 37/9 = 120.916/9 ≈ 13.435111
    const lines = numbers(xmrLines(fractions([10, 11, 10, 11, 10, 11, 10, 25, 10, 11])));
    expect(lines.centreLine).toBeCloseTo(11.9, 10);
    expect(lines.meanMovingRange).toBeCloseTo(37 / 9, 10);
    expect(lines.upperLimit).toBeCloseTo(22.835556, 5);
    expect(lines.lowerLimit).toBeCloseTo(0.964444, 5);
    expect(lines.upperTwoSigma).toBeCloseTo(19.19037, 5);
    expect(lines.lowerTwoSigma).toBeCloseTo(4.60963, 5);
    expect(lines.movingRangeUpperLimit).toBeCloseTo(13.435111, 5);
  });

  it('example 2: the lower limit and the lower 2σ line are clamped at zero', () => {
    // x      0 2 0 2 0 2 0 2 6 8 6 8            n = 12, Σx = 36, mean = 3
    // mR     – 2 2 2 2 2 2 2 4 2 2 2            Σ = 24 over 11, mean mR = 24/11 ≈ 2.181818
    // 2.66 × 24/11 ≈ 5.803636: upper 8.803636, lower 3 − 5.80 < 0 → 0
    // 1.773333 × 24/11 ≈ 3.869091: upper 2σ 6.869091, lower 2σ 3 − 3.87 < 0 → 0
    const lines = numbers(xmrLines(fractions([0, 2, 0, 2, 0, 2, 0, 2, 6, 8, 6, 8])));
    expect(lines.centreLine).toBe(3);
    expect(lines.upperLimit).toBeCloseTo(8.803636, 5);
    expect(lines.lowerLimit).toBe(0);
    expect(lines.upperTwoSigma).toBeCloseTo(6.869091, 5);
    expect(lines.lowerTwoSigma).toBe(0);
  });

  it('puts the 2σ lines at exactly two thirds of 2.66 (Making Data Count), not 2 ÷ 1.128', () => {
    expect(TWO_SIGMA_FACTOR).toEqual(new Fraction(266, 150));
  });

  it('keeps lines exact: 3.268 × a mean moving range of 3.875 is 12.6635, not a binary neighbour', () => {
    const { limits } = xmrLines(fractions(['15.9', '19.775']));
    expect(limits?.meanMovingRange).toEqual(new Fraction(3875, 1000));
    expect(limits?.movingRangeUpperLimit).toEqual(new Fraction(126635, 10000));
    // The mean is exactly 0.2 (a float sum gives 0.19999999999999998).
    expect(xmrLines(fractions(['0.1', '0.1', '0.4'])).centreLine).toEqual(new Fraction(1, 5));
  });

  it('a constant series has every line on the centre line', () => {
    expect(numbers(xmrLines(fractions([4, 4, 4, 4])))).toEqual({
      centreLine: 4,
      meanMovingRange: 0,
      upperLimit: 4,
      lowerLimit: 4,
      upperTwoSigma: 4,
      lowerTwoSigma: 4,
      movingRangeUpperLimit: 0,
    });
  });

  it('has a centre line but no limits for one point, and refuses none', () => {
    expect(xmrLines(fractions([7]))).toEqual({ centreLine: new Fraction(7), limits: undefined });
    expect(() => xmrLines([])).toThrow(RangeError);
  });

  it('gives the moving ranges between successive points', () => {
    expect(movingRanges(fractions([10, 11, 10, 25])).map(Number)).toEqual([1, 1, 15]);
    expect(movingRanges(fractions([10]))).toEqual([]);
  });
});

import { Fraction } from './exact';
import { xmr, XmrChart, XmrInput } from './xmr';

/** Decimal strings are read exactly: '0.1' is one tenth, not the nearest binary number. */
const series = (xs: (number | string)[]): XmrInput[] => xs.map((x, i) => ({ x: new Fraction(x), label: `w${i + 1}` }));
/** The chart's lines as plain numbers, for comparing with hand-worked figures. */
const lines = (chart: XmrChart) => ({
  centreLine: chart.centreLine?.valueOf(),
  meanMovingRange: chart.meanMovingRange?.valueOf(),
  upperLimit: chart.upperLimit?.valueOf(),
  lowerLimit: chart.lowerLimit?.valueOf(),
  movingRangeUpperLimit: chart.movingRangeUpperLimit?.valueOf(),
});
const runsOnly = (xs: (number | string)[]) => xmr(series(xs)).signals.filter((s) => s.kind === 'run-of-eight');

describe('xmr', () => {
  describe('example 1: a point outside the limits, and a run of seven that is not a signal', () => {
    // x      10 11 10 11 10 11 10 25 10 11        n = 10, Σx = 119, mean = 11.9
    // mR      –  1  1  1  1  1  1 15 15  1        Σ = 37 over 9 ranges, mean mR = 37/9 ≈ 4.1111
    // 2.66 × 37/9 = 98.42/9 ≈ 10.935556
    // upper = 11.9 + 10.935556 = 22.835556; lower = 11.9 − 10.935556 = 0.964444 (above zero, not clamped)
    // mR upper = 3.268 × 37/9 = 120.916/9 ≈ 13.435111
    // 25 > 22.835556 → outside at index 7. Indices 0–6 are below 11.9: seven, one short of a run.
    const chart = xmr(series([10, 11, 10, 11, 10, 11, 10, 25, 10, 11]));

    it('computes the centre line and limits', () => {
      expect(lines(chart).centreLine).toBeCloseTo(11.9, 10);
      expect(lines(chart).meanMovingRange).toBeCloseTo(37 / 9, 10);
      expect(lines(chart).upperLimit).toBeCloseTo(22.835556, 5);
      expect(lines(chart).lowerLimit).toBeCloseTo(0.964444, 5);
      expect(lines(chart).movingRangeUpperLimit).toBeCloseTo(13.435111, 5);
    });

    it('gives every point but the first a moving range', () => {
      expect(chart.points[0]).toEqual({ x: new Fraction(10), label: 'w1' });
      expect('movingRange' in chart.points[0]).toBe(false);
      expect(chart.points.map((p) => p.movingRange?.valueOf())).toEqual([undefined, 1, 1, 1, 1, 1, 1, 15, 15, 1]);
      expect(chart.points[7]).toEqual({ x: new Fraction(25), label: 'w8', movingRange: new Fraction(15) });
    });

    it('signals only the point outside the limits', () => {
      expect(chart.signals).toEqual([{ kind: 'outside-limits', index: 7 }]);
    });
  });

  describe('example 2: a run of eight below, with the lower limit clamped at zero', () => {
    // x      0 2 0 2 0 2 0 2 6 8 6 8            n = 12, Σx = 8 + 28 = 36, mean = 3
    // mR     – 2 2 2 2 2 2 2 4 2 2 2            Σ = 14 + 4 + 6 = 24 over 11, mean mR = 24/11 ≈ 2.181818
    // 2.66 × 24/11 = 63.84/11 ≈ 5.803636
    // upper = 3 + 5.803636 = 8.803636; lower = max(0, 3 − 5.803636) = 0
    // mR upper = 3.268 × 24/11 = 78.432/11 ≈ 7.130182
    // Indices 0–7 are below 3 (eight: a signal); 8–11 above (four). The zeros sit on the clamped
    // lower limit, not outside it, and 8 is inside the upper.
    const chart = xmr(series([0, 2, 0, 2, 0, 2, 0, 2, 6, 8, 6, 8]));

    it('clamps the lower limit at zero', () => {
      expect(lines(chart).centreLine).toBe(3);
      expect(lines(chart).meanMovingRange).toBeCloseTo(24 / 11, 10);
      expect(lines(chart).upperLimit).toBeCloseTo(8.803636, 5);
      expect(lines(chart).lowerLimit).toBe(0);
      expect(lines(chart).movingRangeUpperLimit).toBeCloseTo(7.130182, 5);
    });

    it('signals the run of eight once', () => {
      expect(chart.signals).toEqual([{ kind: 'run-of-eight', side: 'below', from: 0, to: 7 }]);
    });
  });

  describe('example 3: a point exactly on the centre line breaks a run', () => {
    // x      4 6 4 6 4 6 4 10 14 16 14 16 14 16 16    n = 15, Σx = 34 + 10 + 106 = 150, mean = 10
    // mR     – 2 2 2 2 2 2  6  4  2  2  2  2  2  0    Σ = 12 + 6 + 4 + 10 = 32 over 14, mean mR = 16/7
    // 2.66 × 16/7 = 42.56/7 = 6.08 → upper = 16.08, lower = 3.92: every point is inside.
    // Seven below, one on the line (10), seven above: no run of eight either side.
    const chart = xmr(series([4, 6, 4, 6, 4, 6, 4, 10, 14, 16, 14, 16, 14, 16, 16]));

    it('computes the limits', () => {
      expect(lines(chart).centreLine).toBe(10);
      expect(lines(chart).upperLimit).toBeCloseTo(16.08, 10);
      expect(lines(chart).lowerLimit).toBeCloseTo(3.92, 10);
    });

    it('has no signals', () => {
      expect(chart.signals).toEqual([]);
    });
  });

  it('puts a point exactly on the line, where floating point would not', () => {
    // The mean is exactly 0.2 (a float sum gives 0.19999999999999998); 0.2 is on the line and breaks the run.
    const xs = [
      '0.1',
      '0.1',
      '0.1',
      '0.1',
      '0.1',
      '0.1',
      '0.1',
      '0.2',
      '0.3',
      '0.3',
      '0.3',
      '0.3',
      '0.3',
      '0.3',
      '0.3',
    ];
    expect(runsOnly(xs)).toEqual([]);
    expect(xmr(series(xs)).centreLine).toEqual(new Fraction(1, 5));
  });

  it('keeps limits exact: 3.268 × a mean moving range of 3.875 is 12.6635, not a binary neighbour', () => {
    const chart = xmr(series(['15.9', '19.775']));
    expect(chart.points[1].movingRange).toEqual(new Fraction(3875, 1000));
    expect(chart.movingRangeUpperLimit).toEqual(new Fraction(126635, 10000));
  });

  it('reports each maximal run once, however long', () => {
    // Ten 1s then ten 9s: mean 5; one run of ten below, one of ten above.
    const xs = [...Array<number>(10).fill(1), ...Array<number>(10).fill(9)];
    expect(runsOnly(xs)).toEqual([
      { kind: 'run-of-eight', side: 'below', from: 0, to: 9 },
      { kind: 'run-of-eight', side: 'above', from: 10, to: 19 },
    ]);
  });

  it('orders signals by where they start, outside-limits first at the same index', () => {
    // Ten 1s then ten 9s: mean 5, mean mR = 8/19, so the limits are 5 ± 1.12: every point is outside.
    const signals = xmr(series([...Array<number>(10).fill(1), ...Array<number>(10).fill(9)])).signals;
    expect(signals).toHaveLength(22);
    expect(signals[0]).toEqual({ kind: 'outside-limits', index: 0 });
    expect(signals[1]).toEqual({ kind: 'run-of-eight', side: 'below', from: 0, to: 9 });
    expect(signals[11]).toEqual({ kind: 'outside-limits', index: 10 });
    expect(signals[12]).toEqual({ kind: 'run-of-eight', side: 'above', from: 10, to: 19 });
  });

  it('a constant series has limits on the centre line and no signals', () => {
    const chart = xmr(series([4, 4, 4, 4, 4, 4, 4, 4, 4]));
    expect(lines(chart)).toMatchObject({ centreLine: 4, meanMovingRange: 0, upperLimit: 4, lowerLimit: 4 });
    expect(chart.signals).toEqual([]);
  });

  it('has no centre line, limits or signals for no points', () => {
    expect(xmr([])).toEqual({
      points: [],
      centreLine: undefined,
      meanMovingRange: undefined,
      upperLimit: undefined,
      lowerLimit: undefined,
      movingRangeUpperLimit: undefined,
      signals: [],
    });
  });

  it('has a centre line but no limits or signals for one point', () => {
    expect(xmr(series([7]))).toEqual({
      points: [{ x: new Fraction(7), label: 'w1' }],
      centreLine: new Fraction(7),
      meanMovingRange: undefined,
      upperLimit: undefined,
      lowerLimit: undefined,
      movingRangeUpperLimit: undefined,
      signals: [],
    });
  });
});

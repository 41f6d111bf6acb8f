import { Fraction } from './exact';
import { spcChart, SpcChart, SpcOptions } from './spc';

const series = (xs: (number | string)[]) => xs.map((x, i) => ({ x: new Fraction(x), label: `w${i + 1}` }));
const chartOf = (xs: (number | string)[], options: Partial<SpcOptions> = {}) =>
  spcChart(series(xs), { improvement: 'down', ...options });
/** Each point's reading and rules, compactly: `improving: shift` or `common-cause`. */
const readings = (chart: SpcChart) =>
  chart.points.map((p) =>
    p.rules.length === 0
      ? (p.variation ?? 'no limits')
      : `${p.variation}: ${p.rules.map((r) => `${r.rule} ${r.reading}`).join(', ')}`,
  );
const IMPROVING_SHIFT = 'special-cause-improving: shift improving';

describe('a Making Data Count reading of an XmR chart', () => {
  describe('example 1: a shift of seven and a point outside the limits', () => {
    // x  10 11 10 11 10 11 10 25 10 11: mean 11.9, limits 0.96 and 22.84, 2σ lines 4.61 and 19.19 (xmr.spec.ts).
    // The first seven are below the centre line (a shift of exactly seven); 25 is above the upper limit; the last
    // two are below, but the run was broken.
    const xs = [10, 11, 10, 11, 10, 11, 10, 25, 10, 11];

    it('reads them by direction when lower is better', () => {
      const chart = chartOf(xs);
      expect(readings(chart)).toEqual([
        ...Array<string>(7).fill(IMPROVING_SHIFT),
        'special-cause-concerning: outside-limits concerning',
        'common-cause',
        'common-cause',
      ]);
      // The variation reading is the latest point's: the special causes earlier do not count (Making Data Count).
      expect(chart.variation).toBe('common-cause');
    });

    it('reads them the other way when higher is better', () => {
      expect(readings(chartOf(xs, { improvement: 'up' })).slice(6, 8)).toEqual([
        'special-cause-concerning: shift concerning',
        'special-cause-improving: outside-limits improving',
      ]);
    });

    it('gives one segment, with trial limits (fewer than 12 points)', () => {
      const { segments } = chartOf(xs);
      expect(segments).toHaveLength(1);
      expect(segments[0]).toMatchObject({ from: 0, to: 9, centreLine: new Fraction(119, 10), trialLimits: true });
      expect(segments[0].limits?.upperLimit).toEqual(new Fraction(119, 10).add(new Fraction(266 * 37, 900)));
    });
  });

  it('reads a trend before a shift: rising below the centre line is concerning when lower is better', () => {
    // x  20 0 20 0 20 0 20 20 2 3 4 5 6 7 8            n = 15, Σx = 135, centre 9
    // mR    20 20 20 20 20 20 0 18 1 1 1 1 1 1          Σ = 144 over 14, mean 72/7
    // upper 9 + 2.66 × 72/7 = 36.36, lower 0 (clamped); upper 2σ 9 + 18.24 = 27.24, lower 2σ 0 (clamped).
    // 2 … 8 are seven points below the centre (a shift, improving) and seven rising (a trend, concerning).
    const chart = chartOf([20, 0, 20, 0, 20, 0, 20, 20, 2, 3, 4, 5, 6, 7, 8]);
    expect(chart.segments[0].limits?.upperLimit).toEqual(new Fraction(3636, 100));
    expect(chart.segments[0].trialLimits).toBe(false);
    expect(readings(chart)).toEqual([
      ...Array<string>(8).fill('common-cause'),
      ...Array<string>(7).fill('special-cause-concerning: trend concerning, shift improving'),
    ]);
    expect(chart.variation).toBe('special-cause-concerning');
  });

  it('reads the point where a rising trend turns into a falling one by the falling one, the more recent', () => {
    // x  30 0 30 0 30 0 10 11 12 13 14 15 16 15 14 13 12 11 10     n = 19, Σx = 256, centre 13.47
    // mR Σ = 5 × 30 + 10 + 12 × 1 = 172 over 18: upper 13.47 + 25.42 = 38.89, lower 0, upper 2σ 30.42: nothing
    // outside or beyond 2σ, no seven on one side. 0 … 16 rise (points 6–13), 16 … 10 fall (points 13–19).
    const chart = chartOf([30, 0, 30, 0, 30, 0, 10, 11, 12, 13, 14, 15, 16, 15, 14, 13, 12, 11, 10]);
    expect(readings(chart)).toEqual([
      ...Array<string>(5).fill('common-cause'),
      ...Array<string>(7).fill('special-cause-concerning: trend concerning'),
      'special-cause-improving: trend improving, trend concerning',
      ...Array<string>(6).fill('special-cause-improving: trend improving'),
    ]);
    expect(chart.variation).toBe('special-cause-improving');
  });

  it('marks two of three beyond 2σ, each point once', () => {
    // x  9 11 9 11 9 11 9 11 9 11 9 11 15 15 11     n = 15, Σx = 161, centre 161/15 = 10.73
    // mR 11 × 2, 4, 0, 4: Σ 30 over 14, mean 15/7; upper 2σ 10.73 + 3.8 = 14.53, upper 10.73 + 5.7 = 16.43.
    // 11 15 15 and 15 15 11 are both three above the centre with 15 and 15 beyond 2σ.
    const chart = chartOf([9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 9, 11, 15, 15, 11]);
    expect(chart.segments[0].limits?.upperTwoSigma).toEqual(new Fraction(161, 15).add(new Fraction(38, 10)));
    expect(readings(chart)).toEqual([
      ...Array<string>(12).fill('common-cause'),
      'special-cause-concerning: two-of-three concerning',
      'special-cause-concerning: two-of-three concerning',
      'common-cause',
    ]);
  });

  describe('segments from a declared change', () => {
    // Before: 0 8 0 8 0 8 3 3 3 3, centre 3.6; after: 3 3 3 9 0 9 0 9 0, centre 4. The seven 3s are below their own
    // centre lines (four before, three after) and below the whole series' (72/19 = 3.79).
    const xs = [0, 8, 0, 8, 0, 8, 3, 3, 3, 3, 3, 3, 3, 9, 0, 9, 0, 9, 0];

    it('works out limits for each segment from its own points', () => {
      const { segments } = chartOf(xs, { segmentStarts: [10] });
      expect(segments.map((s) => [s.from, s.to, s.centreLine.valueOf(), s.limits?.meanMovingRange.valueOf()])).toEqual([
        [0, 9, 3.6, 5], // mR 8 8 8 8 8 5 0 0 0: 45/9
        [10, 18, 4, 6.375], // mR 0 0 6 9 9 9 9 9: 51/8
      ]);
    });

    it('starts every rule afresh in a new segment: no shift runs across the change', () => {
      expect(readings(chartOf(xs))[6]).toBe(IMPROVING_SHIFT); // one series: a shift of seven 3s
      expect(readings(chartOf(xs, { segmentStarts: [10] }))).toEqual(Array<string>(19).fill('common-cause'));
    });

    it('starts every rule afresh in a new segment: no trend runs across the change', () => {
      const rising = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
      expect(chartOf(rising).points.every((p) => p.rules.some((r) => r.rule === 'trend'))).toBe(true);
      // Before 1 … 5: centre 3, limits 3 ± 2.66; after 6 … 10: centre 8, limits 8 ± 2.66. Nothing in either.
      expect(readings(chartOf(rising, { segmentStarts: [5] }))).toEqual(Array<string>(10).fill('common-cause'));
    });

    it('gives a segment’s first point no moving range: it spans the change', () => {
      const { points } = chartOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { segmentStarts: [5] });
      expect(points.map((p) => p.movingRange?.valueOf())).toEqual([undefined, 1, 1, 1, 1, undefined, 1, 1, 1, 1]);
    });

    it('refuses segment starts out of order or out of range', () => {
      expect(() => chartOf([1, 2, 3], { segmentStarts: [0] })).toThrow(RangeError);
      expect(() => chartOf([1, 2, 3], { segmentStarts: [3] })).toThrow(RangeError);
      expect(() => chartOf([1, 2, 3, 4], { segmentStarts: [2, 2] })).toThrow(RangeError);
    });
  });

  describe('assurance against a target', () => {
    // 6 7 8 9 10: centre 8, mean mR 1, limits 5.34 and 10.66.
    const xs = [6, 7, 8, 9, 10];
    const assurance = (target: string, improvement: 'up' | 'down' = 'down') =>
      chartOf(xs, { target: new Fraction(target), improvement }).assurance;

    it('passes when the limits are all on the good side of the target, fails when all on the bad side', () => {
      expect(assurance('11')).toBe('pass');
      expect(assurance('5')).toBe('fail');
      expect(assurance('11', 'up')).toBe('fail');
      expect(assurance('5', 'up')).toBe('pass');
    });

    it('is hit and miss when the target lies between the limits, or on one', () => {
      expect(assurance('8')).toBe('hit-and-miss');
      expect(assurance('10.66')).toBe('hit-and-miss');
      expect(assurance('5.34')).toBe('hit-and-miss');
      expect(assurance('10.67')).toBe('pass');
    });

    it('reads the latest segment’s limits only', () => {
      // Before the change 1 … 5 (limits 0.34 and 5.66) would pass a target of 6; after it 6 … 10 does not.
      const chart = chartOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { segmentStarts: [5], target: new Fraction(6) });
      expect(chart.assurance).toBe('hit-and-miss');
    });

    it('gives no reading without a target', () => {
      expect(chartOf(xs)).not.toHaveProperty('assurance');
    });
  });

  describe('edge cases', () => {
    it('has no segments and no readings without points', () => {
      expect(chartOf([], { target: new Fraction(5) })).toEqual({ points: [], segments: [] });
    });

    it('has a centre line but no limits, rules or readings for one point', () => {
      const chart = chartOf([7], { target: new Fraction(5) });
      expect(chart).toEqual({
        points: [{ x: new Fraction(7), label: 'w1', rules: [] }],
        segments: [{ from: 0, to: 0, centreLine: new Fraction(7), limits: undefined, trialLimits: true }],
      });
    });

    it('gives no variation or assurance when the latest segment is a single point', () => {
      const chart = chartOf([1, 2, 3, 4, 5, 6], { segmentStarts: [5], target: new Fraction(10) });
      expect(chart.points[4].variation).toBe('common-cause');
      expect(chart.points[5]).not.toHaveProperty('variation');
      expect(chart).not.toHaveProperty('variation');
      expect(chart).not.toHaveProperty('assurance');
    });

    it('reads all equal values as common cause, with every line on the centre line', () => {
      const chart = chartOf(Array<number>(9).fill(4), { target: new Fraction(4) });
      expect(readings(chart)).toEqual(Array<string>(9).fill('common-cause'));
      expect(chart.variation).toBe('common-cause');
      expect(chart.assurance).toBe('hit-and-miss'); // the target is on both limits
      expect(chartOf(Array<number>(9).fill(4), { target: new Fraction(5) }).assurance).toBe('pass');
    });
  });
});

import { Fraction } from './exact';
import { outsideLimits, shifts, specialCauses, trends, twoOfThree } from './spc-rules';
import type { XmrLimits } from './xmr';

const fractions = (xs: (number | string)[]) => xs.map((x) => new Fraction(x));
/** Lines drawn by hand: centre 10, 2σ lines at 6 and 14, limits at 4 and 16. */
const CENTRE = new Fraction(10);
const LIMITS: XmrLimits = {
  meanMovingRange: new Fraction(600, 266),
  upperLimit: new Fraction(16),
  lowerLimit: new Fraction(4),
  upperTwoSigma: new Fraction(14),
  lowerTwoSigma: new Fraction(6),
  movingRangeUpperLimit: new Fraction(0),
};

describe('outside the limits', () => {
  it('is a point strictly above the upper or strictly below the lower limit; one on a limit is inside', () => {
    expect(outsideLimits(fractions([10, 16, '16.01', 4, '3.99']), LIMITS)).toEqual([
      { rule: 'outside-limits', direction: 'up', points: [2] },
      { rule: 'outside-limits', direction: 'down', points: [4] },
    ]);
  });
});

describe('shift', () => {
  it('is seven or more points in a row on one side of the centre line, reported once however long', () => {
    expect(shifts(fractions([11, 11, 11, 11, 11, 11, 11]), CENTRE)).toEqual([
      { rule: 'shift', direction: 'up', points: [0, 1, 2, 3, 4, 5, 6] },
    ]);
    expect(shifts(fractions([12, 9, 9, 9, 9, 9, 9, 9, 9, 12]), CENTRE)).toEqual([
      { rule: 'shift', direction: 'down', points: [1, 2, 3, 4, 5, 6, 7, 8] },
    ]);
  });

  it('needs seven: six is not a shift', () => {
    expect(shifts(fractions([11, 11, 11, 11, 11, 11, 9]), CENTRE)).toEqual([]);
  });

  it('is broken by a point exactly on the centre line', () => {
    expect(shifts(fractions([11, 11, 11, 10, 11, 11, 11, 11]), CENTRE)).toEqual([]);
    // The centre 0.2 is exact, where a float sum of six 0.1s, a 0.2 and six 0.3s would miss it (and make seven).
    const xs = fractions([...Array<string>(6).fill('0.1'), '0.2', ...Array<string>(6).fill('0.3')]);
    expect(shifts(xs, new Fraction(1, 5))).toEqual([]);
  });
});

describe('trend', () => {
  it('is seven or more points each above the one before, or each below', () => {
    expect(trends(fractions([1, 2, 3, 4, 5, 6, 7]))).toEqual([
      { rule: 'trend', direction: 'up', points: [0, 1, 2, 3, 4, 5, 6] },
    ]);
    expect(trends(fractions([9, 20, 19, 18, 17, 16, 15, 14, 15]))).toEqual([
      { rule: 'trend', direction: 'down', points: [1, 2, 3, 4, 5, 6, 7] },
    ]);
  });

  it('needs seven points: six rising is not a trend', () => {
    expect(trends(fractions([1, 2, 3, 4, 5, 6, 1]))).toEqual([]);
  });

  it('is broken by a point equal to the one before', () => {
    // Eight points, but 4 then 4: two rises of four points each.
    expect(trends(fractions([1, 2, 3, 4, 4, 5, 6, 7]))).toEqual([]);
  });

  it('lets a rising and a falling trend share the point where they turn', () => {
    expect(trends(fractions([1, 2, 3, 4, 5, 6, 7, 6, 5, 4, 3, 2, 1]))).toEqual([
      { rule: 'trend', direction: 'up', points: [0, 1, 2, 3, 4, 5, 6] },
      { rule: 'trend', direction: 'down', points: [6, 7, 8, 9, 10, 11, 12] },
    ]);
  });
});

describe('two of three', () => {
  it('is three points on one side, two of them beyond the 2σ line: those two take part', () => {
    expect(twoOfThree(fractions([15, 12, 15]), CENTRE, LIMITS)).toEqual([
      { rule: 'two-of-three', direction: 'up', points: [0, 2] },
    ]);
    expect(twoOfThree(fractions([5, 5, 9]), CENTRE, LIMITS)).toEqual([
      { rule: 'two-of-three', direction: 'down', points: [0, 1] },
    ]);
  });

  it('reports each window of three, so a pair can appear twice', () => {
    expect(twoOfThree(fractions([12, 15, 15, 12]), CENTRE, LIMITS)).toEqual([
      { rule: 'two-of-three', direction: 'up', points: [1, 2] },
      { rule: 'two-of-three', direction: 'up', points: [1, 2] },
    ]);
  });

  it('needs all three on the same side of the centre line', () => {
    expect(twoOfThree(fractions([15, 9, 15]), CENTRE, LIMITS)).toEqual([]);
    expect(twoOfThree(fractions([15, 10, 15]), CENTRE, LIMITS)).toEqual([]);
  });

  it('counts only points beyond the 2σ line and within the limit: on the line is not beyond it', () => {
    expect(twoOfThree(fractions([14, 15, 12]), CENTRE, LIMITS)).toEqual([]);
    // 17 is outside the limit (a signal of its own); 15 and 15 still make two of three.
    expect(twoOfThree(fractions([17, 15, 15]), CENTRE, LIMITS)).toEqual([
      { rule: 'two-of-three', direction: 'up', points: [1, 2] },
    ]);
    expect(twoOfThree(fractions([17, 15, 12]), CENTRE, LIMITS)).toEqual([]);
    expect(twoOfThree(fractions([16, 16, 12]), CENTRE, LIMITS)).toHaveLength(1); // on the limit is within it
  });
});

describe('special causes', () => {
  it('applies no rule without limits', () => {
    expect(specialCauses(fractions([3]), new Fraction(3), undefined)).toEqual([]);
  });

  it('lists every occurrence of every rule', () => {
    const xs = fractions([1, 2, 3, 4, 5, 6, 7]); // with centre 10: a rising trend and a shift below; 1, 2, 3 outside
    expect(specialCauses(xs, CENTRE, LIMITS).map((o) => `${o.rule} ${o.direction}`)).toEqual([
      'outside-limits down',
      'outside-limits down',
      'outside-limits down',
      'trend up',
      'two-of-three down', // 4 and 5 (beyond 6, within 4), in the windows 3 4 5 and 4 5 6
      'two-of-three down',
      'shift down',
    ]);
  });
});

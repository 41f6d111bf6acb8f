import { Fraction } from './exact';
import { percentile } from './statistics';
import { spcChart } from './spc';
import { xmrLines } from './xmr';

// mulberry32: a tiny seeded generator, so every run checks the same cases and a failure can be replayed.
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CASES = 300;

function randomValues(random: () => number, minLength: number): number[] {
  const length = minLength + Math.floor(random() * 40);
  // Half the cases use whole days, so there are plenty of duplicates.
  const whole = random() < 0.5;
  return Array.from({ length }, () => (whole ? Math.floor(random() * 20) : random() * 100));
}

describe('properties', () => {
  it('percentile is monotonic in p and stays within [min, max]', () => {
    const random = generator(1);
    for (let c = 0; c < CASES; c++) {
      const values = randomValues(random, 1);
      const [min, max] = [Math.min(...values), Math.max(...values)];
      const qs = Array.from({ length: 201 }, (_, i) => percentile(values, i / 2) as number);
      // One expectation per case keeps the run fast; the failing case is printed whole.
      const bad = qs.findIndex((q, i) => q < min || q > max || (i > 0 && q < qs[i - 1]));
      expect({ values, p: bad / 2 }).toEqual({ values, p: -0.5 });
      expect(percentile(values, 0)).toBe(min);
      expect(percentile(values, 100)).toBe(max);
    }
  });

  it('XmR limits and 2σ lines bracket the centre line in order, and the lower ones are never below zero', () => {
    const random = generator(2);
    for (let c = 0; c < CASES; c++) {
      // Whole milliseconds, as the charts get them.
      const ms = randomValues(random, 2).map((x) => Math.round(x * 86_400_000));
      const { centreLine, limits } = xmrLines(ms.map((x) => new Fraction(x)));
      const l = limits as NonNullable<typeof limits>;
      const ordered = [new Fraction(0), l.lowerLimit, l.lowerTwoSigma, centreLine, l.upperTwoSigma, l.upperLimit];
      expect(ordered.every((line, i) => i === 0 || line.gte(ordered[i - 1]))).toBe(true);
      expect(l.movingRangeUpperLimit.gte(l.meanMovingRange)).toBe(true);
    }
  });

  it('a segment reads as it would alone: nothing carries across a declared change', () => {
    const random = generator(3);
    for (let c = 0; c < CASES; c++) {
      const points = randomValues(random, 2).map((x, i) => ({ x: new Fraction(x), label: String(i) }));
      const start = 1 + Math.floor(random() * (points.length - 1));
      const improvement = random() < 0.5 ? 'up' : 'down';
      const split = spcChart(points, { improvement, segmentStarts: [start] });
      const before = spcChart(points.slice(0, start), { improvement });
      const after = spcChart(points.slice(start), { improvement });
      expect(split.points).toEqual([...before.points, ...after.points]);
      expect(split.variation).toEqual(after.variation);
    }
  });
});

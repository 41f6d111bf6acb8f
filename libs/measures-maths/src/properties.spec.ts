import { Fraction } from './exact';
import { percentile } from './statistics';
import { xmr } from './xmr';

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

  it('XmR limits bracket the centre line, and the lower limit is never below zero', () => {
    const random = generator(2);
    for (let c = 0; c < CASES; c++) {
      // Whole milliseconds, as the charts get them.
      const ms = randomValues(random, 2).map((x) => Math.round(x * 86_400_000));
      const chart = xmr(ms.map((x, i) => ({ x: new Fraction(x), label: String(i) })));
      const [centre, lower, upper] = [chart.centreLine, chart.lowerLimit, chart.upperLimit] as Fraction[];
      expect(lower.gte(0) && lower.lte(centre) && upper.gte(centre)).toBe(true);
      expect((chart.movingRangeUpperLimit as Fraction).gte(chart.meanMovingRange as Fraction)).toBe(true);
    }
  });
});

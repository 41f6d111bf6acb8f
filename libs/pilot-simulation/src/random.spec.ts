import { digestHex, hash128, Random } from './random';

describe('seeded random numbers', () => {
  it('gives the same numbers for the same parts, and others for other parts', () => {
    const draw = (...parts: (string | number)[]) => {
      const rng = Random.of(...parts);
      return Array.from({ length: 5 }, () => rng.next());
    };
    expect(draw('seed', 'person', 1)).toEqual(draw('seed', 'person', 1));
    expect(draw('seed', 'person', 1)).not.toEqual(draw('seed', 'person', 2));
    expect(draw('seed', 'person', 1)).not.toEqual(draw('seed', 'person1'));
  });

  it('stays in its ranges and spreads over them', () => {
    const rng = Random.of('spread');
    const xs = Array.from({ length: 10_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((a, b) => a + b, 0) / xs.length).toBeCloseTo(0.5, 1);
    const ints = new Set(Array.from({ length: 1_000 }, () => rng.int([3, 7])));
    expect([...ints].sort()).toEqual([3, 4, 5, 6, 7]);
    const between = Array.from({ length: 1_000 }, () => rng.between([2, 4]));
    expect(Math.min(...between)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...between)).toBeLessThan(4);
  });

  it('draws weighted choices in proportion to their weights', () => {
    const rng = Random.of('weights');
    const counts = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 20_000; i++)
      counts[
        rng.weighted([
          ['a', 1],
          ['b', 3],
          ['c', 0],
        ] as const)
      ] += 1;
    expect(counts.c).toBe(0);
    expect(counts.b / counts.a).toBeGreaterThan(2.7);
    expect(counts.b / counts.a).toBeLessThan(3.3);
  });

  it('names texts with 32 hex digits', () => {
    expect(digestHex('a')).toMatch(/^[0-9a-f]{32}$/);
    expect(digestHex('a')).toBe(digestHex('a'));
    expect(digestHex('a')).not.toBe(digestHex('b'));
    expect(hash128('')).toHaveLength(4);
  });
});

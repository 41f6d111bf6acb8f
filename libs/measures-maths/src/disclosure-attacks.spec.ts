import fc from 'fast-check';
import { countBand, discloseCount, discloseShare, smallestShownCount } from './disclosure';
import { Fraction } from './exact';

/**
 * An attacker who knows every published count and combines them exactly: each published figure says that the sum of
 * some unseen cells ("atoms") lies in an interval, and the attacker asks whether a withheld count could be anything
 * other than its true value. The search (bounds propagation, then splitting a cell's range) is exact, so "cannot
 * differ" means the published figures pin that count — what disclosure control must never allow below the
 * threshold.
 */
interface Published {
  members: readonly number[];
  lo: number;
  hi: number;
}

type Method = (n: number, threshold: number) => { lo: number; hi: number; withheld: boolean };

/** Waymark's method: a withheld count is somewhere below the smallest shown count; a shown one in its band. */
const waymark: Method = (n, threshold) => {
  const shown = discloseCount(n, threshold);
  return 'value' in shown
    ? { lo: shown.value, hi: shown.value + 4, withheld: false }
    : { lo: 0, hi: smallestShownCount(threshold) - 1, withheld: true };
};
/** The method before: counts below the threshold withheld, the rest exact. */
const suppressionOnly: Method = (n, threshold) =>
  n < threshold ? { lo: 0, hi: threshold - 1, withheld: true } : { lo: n, hi: n, withheld: false };
/** The usual alternative: counts below the threshold withheld, the rest rounded to the nearest 5. */
const nearestFive: Method = (n, threshold) => {
  if (n < threshold) return { lo: 0, hi: threshold - 1, withheld: true };
  const r = 5 * Math.floor((n + 2) / 5);
  return { lo: Math.max(threshold, r - 2), hi: r + 2, withheld: false };
};

function propagate(lo: number[], hi: number[], cells: readonly Published[]): boolean {
  for (let changed = true; changed; ) {
    changed = false;
    for (const { members, lo: cellLo, hi: cellHi } of cells) {
      let sumLo = 0;
      let sumHi = 0;
      for (const m of members) [sumLo, sumHi] = [sumLo + lo[m], sumHi + hi[m]];
      if (sumLo > cellHi || sumHi < cellLo) return false;
      for (const m of members) {
        const newHi = cellHi - (sumLo - lo[m]);
        const newLo = cellLo - (sumHi - hi[m]);
        if (newHi < hi[m]) [hi[m], changed] = [newHi, true];
        if (newLo > lo[m]) [lo[m], changed] = [newLo, true];
        if (lo[m] > hi[m]) return false;
      }
    }
  }
  return true;
}

function feasible(lo: number[], hi: number[], cells: readonly Published[]): boolean {
  if (!propagate(lo, hi, cells)) return false;
  let split = -1;
  for (let i = 0; i < lo.length; i++)
    if (hi[i] > lo[i] && (split < 0 || hi[i] - lo[i] < hi[split] - lo[split])) split = i;
  if (split < 0) return true; // every cell fixed, and propagation checked every sum
  const mid = Math.floor((lo[split] + hi[split]) / 2);
  const below = hi.slice();
  below[split] = mid;
  const above = lo.slice();
  above[split] = mid + 1;
  return feasible(lo.slice(), below, cells) || feasible(above, hi.slice(), cells);
}

/** Whether the published figures allow the sum over `target` to be something other than `value`. */
function canDiffer(atoms: number, cells: readonly Published[], target: readonly number[], value: number): boolean {
  const top = Math.max(...cells.map((c) => c.hi));
  const start = () => [Array<number>(atoms).fill(0), Array<number>(atoms).fill(top)] as const;
  const other = (lo: number, hi: number) => feasible(...start(), [...cells, { members: target, lo, hi }]);
  return (value > 0 && other(0, value - 1)) || other(value + 1, top);
}

/** Publishes every cell (a list of atoms) of `x` by `method`; answers the withheld cells below the threshold pinned. */
function pinnedBelowThreshold(
  x: readonly number[],
  cells: readonly (readonly number[])[],
  method: Method,
  threshold: number,
): { cell: readonly number[]; value: number }[] {
  const sum = (members: readonly number[]) => members.reduce((s, m) => s + x[m], 0);
  const published = cells.map((members) => ({ members, ...method(sum(members), threshold) }));
  return published
    .filter((p) => p.withheld && sum(p.members) < threshold)
    .filter((p) => !canDiffer(x.length, published, p.members, sum(p.members)))
    .map((p) => ({ cell: p.members, value: sum(p.members) }));
}

/** A total and its parts: every provider and each one, or every area and each one. */
const totalAndParts = (parts: number) => [
  Array.from({ length: parts }, (_, i) => i),
  ...Array.from({ length: parts }, (_, i) => [i]),
];

/** A table of providers × areas with every filter a commissioner can set: each pair, each row, each column, all. */
function table(rows: number, columns: number): number[][] {
  const at = (r: number, c: number) => r * columns + c;
  const range = (n: number) => Array.from({ length: n }, (_, i) => i);
  return [
    ...range(rows).flatMap((r) => range(columns).map((c) => [at(r, c)])),
    ...range(rows).map((r) => range(columns).map((c) => at(r, c))),
    ...range(columns).map((c) => range(rows).map((r) => at(r, c))),
    range(rows * columns),
  ];
}

/** Counts as they come: mostly small, many exactly at the edges of bands, where rounding is weakest. */
const count = fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(9, 14, 19, 24));

describe('the attacks, played exactly against hand-worked tables', () => {
  it('differencing a total and its parts recovers a withheld count when the rest are exact (the old method)', () => {
    // Every provider: 23; the others 11 and 9 → the third had 3.
    expect(pinnedBelowThreshold([3, 11, 9], totalAndParts(3), suppressionOnly, 5)).toEqual([{ cell: [0], value: 3 }]);
    expect(pinnedBelowThreshold([3, 11, 9], totalAndParts(3), waymark, 5)).toEqual([]);
  });

  it('rounding to the nearest 5 is not enough: four parts at the bottom of their bands pin a zero', () => {
    // Parts 8, 8, 8, 8 are shown as 10 (8–12), the total 32 as 30 (28–32): the fifth part is at most 32 − 4 × 8 = 0.
    const x = [0, 8, 8, 8, 8];
    expect(pinnedBelowThreshold(x, totalAndParts(5), nearestFive, 5)).toEqual([{ cell: [0], value: 0 }]);
    expect(pinnedBelowThreshold(x, totalAndParts(5), waymark, 5)).toEqual([]);
  });

  it('bands that start at the threshold are not enough: five providers with 4 each pin each other', () => {
    // Shown from 5 in bands of 5: the total 20 (20–24) is at least 20, and each part at most 4, so each is 4.
    const fromThreshold: Method = (n, t) =>
      n < t ? { lo: 0, hi: t - 1, withheld: true } : { lo: countBand(n), hi: countBand(n) + 4, withheld: false };
    expect(pinnedBelowThreshold([4, 4, 4, 4, 4], totalAndParts(5), fromThreshold, 5)).toHaveLength(5);
    expect(pinnedBelowThreshold([4, 4, 4, 4, 4], totalAndParts(5), waymark, 5)).toEqual([]);
  });

  it('what it does not protect against: a whole table of three providers × three areas can pin a zero', () => {
    // Found by an exact solver over every pair, row, column and total (decision 0013): rare, and documented.
    const x = [0, 29, 25, 9, 14, 24, 25, 20, 9];
    expect(pinnedBelowThreshold(x, table(3, 3), waymark, 5)).toEqual([{ cell: [0], value: 0 }]);
  });
});

describe('no combination of published figures pins a count below the threshold', () => {
  const threshold = fc.integer({ min: 1, max: 12 });

  it('in a total and its parts: all providers minus the others, one area minus the rest', () => {
    fc.assert(
      fc.property(fc.array(count, { minLength: 1, maxLength: 6 }), threshold, (x, t) => {
        expect(pinnedBelowThreshold(x, totalAndParts(x.length), waymark, t)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('in a table of two providers × up to three areas with every filter combined', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 3 })
          .chain((columns) =>
            fc.tuple(fc.constant(columns), fc.array(count, { minLength: 2 * columns, maxLength: 2 * columns })),
          ),
        threshold,
        ([columns, x], t) => {
          expect(pinnedBelowThreshold(x, table(2, columns), waymark, t)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('across overlapping periods: ISO weeks and the calendar months they straddle', () => {
    // Days of up to nine whole weeks; a month starts on day `boundary`. The unseen cells are each week's days in
    // each month, and the days of the two months outside the weeks (the attacker sees no other period).
    const weeksAndMonths = fc.record({
      weeks: fc.integer({ min: 2, max: 9 }),
      boundary: fc.integer({ min: 1, max: 62 }),
      daily: fc.array(fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 6 })), {
        minLength: 63,
        maxLength: 63,
      }),
      outside: fc.tuple(count, count),
    });
    fc.assert(
      fc.property(weeksAndMonths, threshold, ({ weeks, boundary, daily, outside }, t) => {
        const days = weeks * 7;
        const month = (d: number) => (d < Math.min(boundary, days) ? 0 : 1);
        const atomKeys: string[] = [];
        const x: number[] = [];
        for (let d = 0; d < days; d++) {
          const key = `${Math.floor(d / 7)}|${month(d)}`;
          if (!atomKeys.includes(key)) {
            atomKeys.push(key);
            x.push(0);
          }
          x[atomKeys.indexOf(key)] += daily[d];
        }
        x.push(...outside); // the months' days before and after the weeks
        const atomsOf = (test: (week: number, m: number) => boolean) =>
          atomKeys.flatMap((key, i) => (test(...(key.split('|').map(Number) as [number, number])) ? [i] : []));
        const cells = [
          ...Array.from({ length: weeks }, (_, w) => atomsOf((week) => week === w)),
          [...atomsOf((_, m) => m === 0), atomKeys.length],
          [...atomsOf((_, m) => m === 1), atomKeys.length + 1],
        ].filter((c) => c.length > 0);
        expect(pinnedBelowThreshold(x, cells, waymark, t)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('rates and means tell nothing the bands do not', () => {
  it('a shown share times its whole’s published count gives back only the part’s band', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 0, max: 500 }),
        fc.integer({ min: 1, max: 12 }),
        (a, b, t) => {
          const [part, whole] = [Math.min(a, b), Math.max(a, b)];
          const share = discloseShare(part, whole, t);
          if (!('value' in share)) return;
          const smallest = smallestShownCount(t);
          expect(part >= smallest && whole - part >= smallest).toBe(true);
          expect(share.value.mul(countBand(whole))).toEqual(new Fraction(countBand(part)));
        },
      ),
    );
  });
});

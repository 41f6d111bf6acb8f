import { Fraction as Exact } from '@waymark/measures-maths';
import { reading } from '@waymark/measures-report';
import fc from 'fast-check';
import { Fraction, xmrChart } from './reference-measures';

/**
 * The published chart reading (measures-report over measures-maths) and the reference's own (reference-measures.ts,
 * which shares no code with them) agree on random series: the pipeline's journeys rarely make a trend or two of
 * three, so the rules are compared here on series made to have them — small whole and half days with many ties,
 * rises and falls, flat stretches, a change somewhere, a target sometimes.
 */

const weekOf = (i: number) => new Date(Date.UTC(2026, 0, 5 + 7 * i)).toISOString().slice(0, 10);

const charts = fc.record({
  halves: fc.oneof(
    fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 40 }),
    // Flat: every line on the centre line.
    fc
      .tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 20 }))
      .map(([h, n]) => Array<number>(n).fill(h)),
    // Runs up and down, so trends of seven come up often.
    fc
      .array(fc.tuple(fc.integer({ min: 2, max: 10 }), fc.constantFrom(-1, 1)), { maxLength: 6 })
      .map((legs) =>
        legs.reduce<number[]>(
          (xs, [n, step]) => [...xs, ...Array.from({ length: n }, (_, k) => 20 + step * (k + 1))],
          [],
        ),
      ),
  ),
  change: fc.option(fc.integer({ min: 0, max: 45 }), { nil: undefined }),
  // Hundredths of a day, or whole and half days (which a flat segment's limits sit on).
  target: fc.option(
    fc.oneof(
      fc.integer({ min: 1, max: 3000 }),
      fc.integer({ min: 1, max: 30 }).map((h) => h * 50),
    ),
    {
      nil: undefined,
    },
  ),
});

describe('the published chart reading agrees with the reference', () => {
  it('on random series, with and without a change date and a target', () => {
    fc.assert(
      fc.property(charts, ({ halves, change, target }) => {
        const changeDate = change === undefined ? undefined : weekOf(change);
        const targetDays = target === undefined ? undefined : target / 100;
        const published = reading(
          halves.map((h, i) => ({ label: weekOf(i), x: new Exact(h, 2), periodStart: weekOf(i) })),
          { changeDate, target: targetDays },
        );
        const reference = xmrChart(
          halves.map((h, i) => ({ label: weekOf(i), x: new Fraction(h, 2), periodStart: weekOf(i) })),
          { changeDate, target: targetDays === undefined ? undefined : String(targetDays) },
        );
        expect(published).toEqual(reference);
      }),
      { numRuns: 2000 },
    );
  });
});

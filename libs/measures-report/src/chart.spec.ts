import { journeyChart, weeklyChart } from './chart';

const DAY = 86_400_000;

describe('end-to-end charts', () => {
  it('charts weekly medians, leaving out weeks with too few closures', () => {
    // 2026-03-04 is a Wednesday: the first week is labelled by its Monday; the week of 30 March has no closures.
    const chart = weeklyChart(
      { from: '2026-03-04', to: '2026-03-31' },
      new Map([
        ['2026-03-02', { n: 5, median: { lower: 10 * DAY, upper: null } }],
        ['2026-03-09', { n: 2, median: { lower: 90 * DAY, upper: 91 * DAY } }],
        ['2026-03-16', { n: 6, median: { lower: 13 * DAY, upper: 15 * DAY } }], // even n: halfway, 14
        ['2026-03-23', { n: 7, median: { lower: 12 * DAY, upper: 20 * DAY } }], // odd n: the middle one, 12
      ]),
      5,
    );
    // x = 10, 14, 12: mean 12; moving ranges 4, 2: mean 3; limits 12 ± 7.98; mR limit 3.268 × 3 = 9.804
    expect(chart).toEqual({
      by: 'week',
      suppressedWeeks: ['2026-03-09', '2026-03-30'],
      points: [
        { label: '2026-03-02', x: 10, movingRange: null },
        { label: '2026-03-16', x: 14, movingRange: 4 },
        { label: '2026-03-23', x: 12, movingRange: 2 },
      ],
      centreLine: 12,
      upperLimit: 19.98,
      lowerLimit: 4.02,
      movingRangeUpperLimit: 9.8,
      signals: [],
    });
  });

  it('rounds from exact values: a moving range of 3.875 days is 3.88', () => {
    const minutes = (m: number) => ({ week: '2026-03-02', endToEndMs: m * 60_000 });
    const chart = journeyChart([22_896, 28_476].map(minutes), 2); // 15.9 and 19.775 days
    expect(chart.points.map((p) => [p.x, p.movingRange])).toEqual([
      [15.9, null],
      [19.78, 3.88],
    ]);
  });

  it('withholds a per-journey chart with fewer points than the threshold', () => {
    const few = [1, 2, 3, 4].map((d) => ({ week: '2026-03-02', endToEndMs: d * DAY }));
    expect(journeyChart(few, 5)).toMatchObject({ suppressed: true, points: [], centreLine: null });
  });

  it('flags a run of eight above the centre line', () => {
    const xs = [4, 5, 4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7]; // mean 5.5, limits 5.5 ± 2.66: all inside
    const chart = journeyChart(
      xs.map((d) => ({ week: '2026-03-02', endToEndMs: d * DAY })),
      5,
    );
    expect(chart.signals).toEqual([
      { kind: 'run-of-eight', side: 'below', from: 0, to: 7 },
      { kind: 'run-of-eight', side: 'above', from: 8, to: 15 },
    ]);
  });
});

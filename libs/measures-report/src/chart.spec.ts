import { closureGroupChart, monthsForRecentGroups, weeklyChart } from './chart';

const DAY = 86_400_000;

describe('end-to-end charts', () => {
  it('charts weekly medians, leaving out weeks with fewer closures than the smallest shown count', () => {
    // Threshold 5: a week needs 10 sustained closures. The week of 30 March has none.
    const chart = weeklyChart(
      { from: '2026-03-02', to: '2026-04-05' },
      new Map([
        ['2026-03-02', { n: 11, median: { lower: 10 * DAY, upper: 11 * DAY } }], // odd n: the middle one, 10
        ['2026-03-09', { n: 9, median: { lower: 90 * DAY, upper: 91 * DAY } }],
        ['2026-03-16', { n: 10, median: { lower: 13 * DAY, upper: 15 * DAY } }], // even n: halfway, 14
        ['2026-03-23', { n: 15, median: { lower: 12 * DAY, upper: 20 * DAY } }],
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

  /** A group of `closures` whose end-to-end times add up to `days` days. */
  const group = (month: string, index: number, closures: number, days: number) => ({
    month,
    index,
    closures,
    endToEndMsSum: days * DAY,
  });

  it('charts the mean of each closure group, labelled by month and place, and lists months without a group', () => {
    const chart = closureGroupChart(
      { from: '2026-01-01', to: '2026-04-30' },
      new Map([
        ['2026-01-01', 23],
        ['2026-02-01', 9], // fewer than a group of 10: listed
        ['2026-03-01', 10],
      ]),
      [
        group('2026-01-01', 1, 10, 155), // mean 15.5
        group('2026-01-01', 2, 13, 214.5), // the month's last group takes the rest: mean 16.5
        group('2026-03-01', 1, 10, 197.75), // 19.775
      ],
      5,
      100,
    );
    // x = 15.5, 16.5, 19.775: mean 17.258333…; mR 1, 3.275: mean 2.1375; 2.66 × 2.1375 = 5.68575
    // upper 22.944083… → 22.94; lower 11.572583… → 11.57; mR limit 3.268 × 2.1375 = 6.98535 → 6.99
    expect(chart).toEqual({
      by: 'closure-group',
      groupSize: 10,
      suppressedMonths: ['2026-02-01', '2026-04-01'],
      points: [
        { label: '2026-01-01#1', x: 15.5, movingRange: null },
        { label: '2026-01-01#2', x: 16.5, movingRange: 1 },
        { label: '2026-03-01#1', x: 19.78, movingRange: 3.28 }, // 19.775 and 3.275 exactly: half away from zero
      ],
      centreLine: 17.26,
      upperLimit: 22.94,
      lowerLimit: 11.57,
      movingRangeUpperLimit: 6.99,
      signals: [],
    });
  });

  it('keeps the most recent `limit` groups', () => {
    const groups = [1, 2, 3, 4].map((i) => group('2026-01-01', i, 10, 10 * i));
    const january = new Map([['2026-01-01', 40]]);
    expect(
      closureGroupChart({ from: '2026-01-01', to: '2026-01-31' }, january, groups, 5, 2).points.map((p) => p.label),
    ).toEqual(['2026-01-01#3', '2026-01-01#4']);
  });

  it('reads only the months that hold the most recent `limit` groups', () => {
    // Groups of 10: January 3, February 0, March 1, April 2.
    const months = new Map([
      ['2026-01-01', 35],
      ['2026-02-01', 9],
      ['2026-03-01', 19],
      ['2026-04-01', 20],
    ]);
    expect(monthsForRecentGroups(months, 10, 2)).toEqual(['2026-04-01']);
    expect(monthsForRecentGroups(months, 10, 3)).toEqual(['2026-03-01', '2026-04-01']);
    expect(monthsForRecentGroups(months, 10, 4)).toEqual(['2026-01-01', '2026-03-01', '2026-04-01']);
    expect(monthsForRecentGroups(months, 10, 100)).toEqual(['2026-01-01', '2026-03-01', '2026-04-01']);
    expect(monthsForRecentGroups(new Map([['2026-02-01', 9]]), 10, 100)).toEqual([]);
  });

  it('refuses to publish a group smaller than the group size', () => {
    const january = new Map([['2026-01-01', 9]]);
    expect(() =>
      closureGroupChart({ from: '2026-01-01', to: '2026-01-31' }, january, [group('2026-01-01', 1, 9, 90)], 5, 100),
    ).toThrow(/fewer than 10/);
  });

  it('flags runs of eight on either side of the centre line', () => {
    const xs = [4, 5, 4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7]; // mean 5.5, limits 5.5 ± 2.66: all inside
    const chart = closureGroupChart(
      { from: '2026-01-01', to: '2026-01-31' },
      new Map([['2026-01-01', 80]]),
      xs.map((d, i) => group('2026-01-01', i + 1, 5, 5 * d)),
      3,
      100,
    );
    expect(chart.signals).toEqual([
      { kind: 'run-of-eight', side: 'below', from: 0, to: 7 },
      { kind: 'run-of-eight', side: 'above', from: 8, to: 15 },
    ]);
  });
});

import { monthsForRecentGroups } from '@waymark/measures-maths';
import { closureGroupChart, weeklyChart } from './chart';

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
    // x = 10, 14, 12: mean 12; moving ranges 4, 2: mean 3; limits 12 ± 7.98; 2σ lines 12 ± 5.32;
    // mR limit 3.268 × 3 = 9.804
    expect(chart).toEqual({
      by: 'week',
      suppressedWeeks: ['2026-03-09', '2026-03-30'],
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: '2026-03-02', x: 10, movingRange: null, rules: [], variation: 'common-cause' },
        { label: '2026-03-16', x: 14, movingRange: 4, rules: [], variation: 'common-cause' },
        { label: '2026-03-23', x: 12, movingRange: 2, rules: [], variation: 'common-cause' },
      ],
      segments: [
        {
          from: 0,
          to: 2,
          baselineTo: 2,
          centreLine: 12,
          upperLimit: 19.98,
          lowerLimit: 4.02,
          upperTwoSigma: 17.32,
          lowerTwoSigma: 6.68,
          movingRangeUpperLimit: 9.8,
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
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
    // upper 22.944083… → 22.94; lower 11.572583… → 11.57; 2σ: 2.1375 × 2.66 × 2/3 = 3.7905, so 21.048833… → 21.05
    // and 13.467833… → 13.47; mR limit 3.268 × 2.1375 = 6.98535 → 6.99
    const common = { rules: [], variation: 'common-cause' };
    expect(chart).toEqual({
      by: 'closure-group',
      groupSize: 10,
      suppressedMonths: ['2026-02-01', '2026-04-01'],
      improvement: 'down',
      changeDate: null,
      target: null,
      points: [
        { label: '2026-01-01#1', x: 15.5, movingRange: null, ...common },
        { label: '2026-01-01#2', x: 16.5, movingRange: 1, ...common },
        { label: '2026-03-01#1', x: 19.78, movingRange: 3.28, ...common }, // 19.775 and 3.275: half away from zero
      ],
      segments: [
        {
          from: 0,
          to: 2,
          baselineTo: 2,
          centreLine: 17.26,
          upperLimit: 22.94,
          lowerLimit: 11.57,
          upperTwoSigma: 21.05,
          lowerTwoSigma: 13.47,
          movingRangeUpperLimit: 6.99,
          trialLimits: true,
        },
      ],
      variation: 'common-cause',
      assurance: null,
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

  it('marks a shift of seven on either side of the centre line, improving below it', () => {
    const xs = [4, 5, 4, 5, 4, 5, 4, 5, 6, 7, 6, 7, 6, 7, 6, 7]; // mean 5.5, limits 5.5 ± 2.66: all inside
    const chart = closureGroupChart(
      { from: '2026-01-01', to: '2026-01-31' },
      new Map([['2026-01-01', 80]]),
      xs.map((d, i) => group('2026-01-01', i + 1, 5, 5 * d)),
      3,
      100,
    );
    expect(chart.points.map((p) => p.variation)).toEqual([
      ...Array<string>(8).fill('special-cause-improving'),
      ...Array<string>(8).fill('special-cause-concerning'),
    ]);
    expect(chart.points[0].rules).toEqual([{ rule: 'shift', reading: 'improving' }]);
    expect(chart.variation).toBe('special-cause-concerning');
    expect(chart.segments[0].trialLimits).toBe(false);
  });

  describe('with a change date and a target', () => {
    /** Weeks of March–May 2026 with 10 sustained closures each and the given medians (days), in order. */
    const weeksOf = (medians: (number | null)[]) =>
      new Map(
        medians.flatMap((m, i): [string, { n: number; median: { lower: number; upper: number } }][] => {
          const monday = new Date(Date.UTC(2026, 2, 2 + 7 * i)).toISOString().slice(0, 10);
          return m === null ? [] : [[monday, { n: 10, median: { lower: m * DAY, upper: m * DAY } }]];
        }),
      );
    const spring = { from: '2026-03-02', to: '2026-05-31' }; // 13 weeks, Monday 2 March to Sunday 31 May
    // Weeks 1–6 at 20 and 24 by turns, week 7 withheld, weeks 8–13 at 10 and 12 by turns.
    const medians = [20, 24, 20, 24, 20, 24, null, 10, 12, 10, 12, 10, 12];

    it('starts a new segment at the first charted week that starts on or after the change', () => {
      // The change is on Wednesday 8 April: the week of 6 April started before it, the week of 13 April is withheld,
      // so the new segment starts with the week of 20 April.
      const chart = weeklyChart(spring, weeksOf(medians), 5, { changeDate: '2026-04-08', target: 15 });
      expect(chart).toHaveProperty('suppressedWeeks', ['2026-04-13']);
      expect(chart.segments.map((s) => [s.from, s.to, s.centreLine, s.upperLimit, s.lowerLimit])).toEqual([
        [0, 5, 22, 32.64, 11.36], // 20 24 …: mean 22, mean mR 4: 22 ± 10.64
        [6, 11, 11, 16.32, 5.68], // 10 12 …: mean 11, mean mR 2: 11 ± 5.32
      ]);
      expect(chart.points[6]).toMatchObject({ label: '2026-04-20', movingRange: null });
      expect(chart).toMatchObject({ changeDate: '2026-04-08', target: 15, variation: 'common-cause' });
      // After the change the limits (5.68–16.32) straddle 15 days: hit and miss. Before, they were all above it.
      expect(chart.assurance).toBe('hit-and-miss');
      expect(weeklyChart(spring, weeksOf(medians), 5, { target: 33 }).assurance).toBe('pass');
    });

    it('has one segment when the change is before the first point or after the last', () => {
      for (const changeDate of ['2026-03-02', '2026-05-31']) {
        expect(weeklyChart(spring, weeksOf(medians), 5, { changeDate }).segments).toHaveLength(1);
      }
    });

    it('cuts closure groups by their month', () => {
      const months = new Map([
        ['2026-01-01', 20],
        ['2026-02-01', 20],
        ['2026-03-01', 20],
      ]);
      const groups = ['2026-01-01', '2026-02-01', '2026-03-01'].flatMap((m) => [1, 2].map((i) => group(m, i, 10, 100)));
      const range = { from: '2026-01-01', to: '2026-03-31' };
      // 15 February: the first month starting on or after it is March.
      const chart = closureGroupChart(range, months, groups, 5, 100, { changeDate: '2026-02-15' });
      expect(chart.segments.map((s) => [s.from, s.to])).toEqual([
        [0, 3],
        [4, 5],
      ]);
      expect(closureGroupChart(range, months, groups, 5, 100, { changeDate: '2026-02-01' }).segments[1].from).toBe(2);
    });

    it('refuses a malformed change date or target', () => {
      expect(() => weeklyChart(spring, weeksOf(medians), 5, { changeDate: '2026-4-8' })).toThrow(RangeError);
      expect(() => weeklyChart(spring, weeksOf(medians), 5, { target: 0 })).toThrow(RangeError);
      expect(() => weeklyChart(spring, weeksOf(medians), 5, { target: 12.345 })).toThrow(RangeError);
    });
  });
});

import { addDays, MeasuresFilter } from '@waymark/measures-maths';
import { populationSql, Segment, segmentsOf, VALUE_BUCKETS } from './rollups';

const spans = (segments: Segment[]) => segments.map((s) => `${s.grain} ${s.start}`);

/** Every day each segment covers, so coverage can be compared with the range day by day. */
function days(segments: Segment[]): string[] {
  return segments.flatMap(({ grain, start }) => {
    const length =
      grain === 'day'
        ? 1
        : grain === 'week'
          ? 7
          : new Date(Date.UTC(+start.slice(0, 4), +start.slice(5, 7), 0)).getUTCDate();
    return Array.from({ length }, (_, i) => addDays(start, i));
  });
}

describe('segmentsOf', () => {
  const filter = (f: Partial<MeasuresFilter>): MeasuresFilter => ({
    from: '2026-01-01',
    to: '2026-01-01',
    groupBy: 'none',
    ...f,
  });

  it('uses whole months, then whole weeks, then days', () => {
    // Wed 28 Jan … Tue 14 Apr 2026: no whole week before 1 Feb, so 28–31 Jan are days; February and March whole;
    // then 1–5 Apr as days, the week of Monday 6 Apr, and 13–14 Apr.
    expect(spans(segmentsOf(filter({ from: '2026-01-28', to: '2026-04-14' })))).toEqual([
      'day 2026-01-28',
      'day 2026-01-29',
      'day 2026-01-30',
      'day 2026-01-31',
      'month 2026-02-01',
      'month 2026-03-01',
      'day 2026-04-01',
      'day 2026-04-02',
      'day 2026-04-03',
      'day 2026-04-04',
      'day 2026-04-05',
      'week 2026-04-06',
      'day 2026-04-13',
      'day 2026-04-14',
    ]);
  });

  it('uses whole weeks before the first whole month', () => {
    // Monday 4 Jan … Wednesday 31 Mar 2027: the four weeks of January end on its last day
    expect(spans(segmentsOf(filter({ from: '2027-01-04', to: '2027-03-31' })))).toEqual([
      'week 2027-01-04',
      'week 2027-01-11',
      'week 2027-01-18',
      'week 2027-01-25',
      'month 2027-02-01',
      'month 2027-03-01',
    ]);
  });

  it('gives each period of a grouping its own spans', () => {
    const weeks = segmentsOf(filter({ from: '2026-03-04', to: '2026-03-17', groupBy: 'week' }));
    expect(weeks.map((s) => `${s.period}: ${s.grain} ${s.start}`)).toEqual([
      '2026-03-02: day 2026-03-04',
      '2026-03-02: day 2026-03-05',
      '2026-03-02: day 2026-03-06',
      '2026-03-02: day 2026-03-07',
      '2026-03-02: day 2026-03-08',
      '2026-03-09: week 2026-03-09',
      '2026-03-16: day 2026-03-16',
      '2026-03-16: day 2026-03-17',
    ]);
  });

  it('reads days for one provider in one area', () => {
    const segments = segmentsOf(filter({ from: '2026-02-01', to: '2026-02-28', provider: 'p', area: 'a' }));
    expect(segments.every((s) => s.grain === 'day')).toBe(true);
    expect(segments).toHaveLength(28);
  });

  it.each([
    ['2024-11-29', '2026-11-28', 'none'],
    ['2024-11-29', '2026-11-28', 'week'],
    ['2024-11-29', '2026-11-28', 'month'],
    ['2026-02-27', '2026-03-02', 'none'],
    ['2026-12-28', '2027-01-03', 'month'],
  ] as const)('covers %s to %s by %s exactly once, in few spans', (from, to, groupBy) => {
    const segments = segmentsOf(filter({ from, to, groupBy }));
    const covered = days(segments);
    const expected: string[] = [];
    for (let d: string = from; d <= to; d = addDays(d, 1)) expected.push(d);
    expect(covered).toEqual(expected);
    if (groupBy === 'none' && from === '2024-11-29') expect(segments.length).toBeLessThan(45);
  });
});

describe('VALUE_BUCKETS', () => {
  it("selects each value's population from the catalogue, as the partial indexes of its lookups say", () => {
    // The conditions of ix_closures_end_to_end and ix_closures_what_matters (migration 1764576000000): a lookup
    // whose condition differed would not use them.
    expect(VALUE_BUCKETS).toEqual({
      end_to_end_ms: { width: 86_400_000, closures: "follow_up = 'sustained'" },
      what_matters_ms: { width: 3_600_000, closures: 'final AND what_matters_ms IS NOT NULL' },
      progress_change: { width: 1, closures: 'final AND progress_change IS NOT NULL' },
    });
    expect(
      populationSql([
        ['outcome', 'is', "it's"],
        ['assessments', 'at least', 2],
      ]),
    ).toBe("outcome = 'it''s' AND assessments >= 2");
  });
});

import { addDays, Fraction } from '@waymark/measures-maths';
import type { ChartAnswer } from '@waymark/measures-reading';
import { ChartOptions, reading } from '@waymark/measures-report';
import { seriesChart } from './series-chart';
import { xmrView } from './xmr-chart';

const cell = (value: number | null, text = String(value)) =>
  value === null
    ? { text: 'Withheld (fewer than 10)', value: null, state: 'withheld' as const, reason: 'fewer than 10' }
    : { text, value, state: 'shown' as const };

/** A weekly chart answer read by measures-report itself, from the Mondays of 2026 on. */
const weeklyAnswer = (xs: number[], options: ChartOptions = {}): ChartAnswer => {
  const weeks = xs.map((_, i) => addDays('2026-01-05', 7 * i));
  return {
    filter: { from: '2026-01-05', to: addDays('2026-01-05', 7 * xs.length + 6), provider: null, area: null },
    disclosureThreshold: 5,
    smallestShownCount: 10,
    freshness: { lastEventRecordedAt: null, lastAppliedAt: null },
    by: 'week',
    suppressedWeeks: ['2026-06-01'],
    ...reading(
      xs.map((x, i) => ({ label: weeks[i] as string, periodStart: weeks[i] as string, x: new Fraction(x * 100, 100) })),
      options,
    ),
  };
};

describe('charts rendered with Observable Plot on the server', () => {
  it('draws a series as an SVG image with a name and a description, and no inline style the CSP would refuse', () => {
    const chart = seriesChart({
      id: 'cost-per-contact',
      title: 'Cost per contact',
      unit: '£',
      zero: true,
      points: [
        { key: '2026-01-01', tick: 'Jan 2026', label: 'Jan 2026', cell: cell(12.5, '12.50') },
        { key: '2026-02-01', tick: 'Feb 2026', label: 'Feb 2026', cell: cell(null) },
        { key: '2026-03-01', tick: 'Mar 2026', label: 'Mar 2026', cell: cell(10.25, '10.25') },
      ],
    });
    expect(chart.svg).toMatch(/^<svg /);
    expect(chart.svg).toContain('role="img"');
    expect(chart.svg).toContain('aria-label="Cost per contact (£)"');
    expect(chart.svg).toContain('aria-describedby="cost-per-contact-description"');
    expect(chart.svg).toContain('class="wm-plot"');
    expect(chart.svg).not.toMatch(/<style|style=/);
    expect(chart.description).toBe(
      'Cost per contact (£), Jan 2026 to Mar 2026. From 12.50 in Jan 2026 to 10.25 in Mar 2026; highest 12.50 (Jan 2026), lowest 10.25 (Mar 2026). Not shown for 1 of 3 periods, marked with a cross: Feb 2026. The table has every value.',
    );
  });

  it('says so when no period can be shown, rather than drawing zeros', () => {
    const chart = seriesChart({
      id: 'x',
      title: 'Failure demand',
      unit: '%',
      zero: true,
      points: [{ key: '2026-01-01', tick: 'Jan', label: 'Jan 2026', cell: cell(null) }],
    });
    expect(chart.description).toContain('No period has a figure that can be shown.');
    expect(chart.svg).not.toContain('aria-label="line"');
  });

  it('marks an XmR chart’s special cause with its own shape and words, and reads the latest point’s variation', () => {
    const view = xmrView(weeklyAnswer([11, 12, 11, 12, 11, 12, 11, 12, 11, 12, 11, 40]), '/csv');
    expect(view.chart.svg).toContain('aria-label="XmR chart of end-to-end days by week"');
    expect(view.chart.svg).toContain('fill="#f47738"');
    expect(view.chart.svg).not.toMatch(/<style|style=/);
    expect(view.variation).toMatchObject({ kind: 'special-cause-concerning', name: 'Special cause, concerning' });
    expect(view.assurance).toBeNull();
    // The high point lifts the mean above all the others: a shift below it as well.
    expect(view.signals).toEqual([
      'Week of 5 Jan 2026 to Week of 16 Mar 2026: a shift of 7 or more (11 points), lower, improving.',
      'Week of 23 Mar 2026 (40.00 days): outside the natural process limits, higher, concerning.',
    ]);
    expect(view.table.head).toEqual([
      'Week',
      'End-to-end time (days)',
      'Moving range (days)',
      'Limits from',
      'Centre line (days)',
      'Lower limit (days)',
      'Upper limit (days)',
      'Variation',
      'Special cause rules',
    ]);
    const rows = view.table.rows.map((r) => [r.header, ...r.cells.map((c) => c.text)]);
    // Mean 166 ÷ 12; mean moving range 39 ÷ 11, so limits 13.83 ± 2.66 × 3.55 (hand-worked).
    expect(rows[0]).toEqual([
      'Week of 5 Jan 2026',
      '11.00',
      '–',
      'All points',
      '13.83',
      '4.40',
      '23.26',
      'Special cause, improving',
      'a shift of 7 or more, lower, improving',
    ]);
    expect(rows[11]?.slice(-2)).toEqual([
      'Special cause, concerning',
      'outside the natural process limits, higher, concerning',
    ]);
    expect(view.summary).toContainEqual({
      key: 'Weeks not charted',
      value: 'Week of 1 Jun 2026: fewer than 10 sustained resolutions',
    });
  });

  it('recalculates the limits from a change date, reads each segment against its own, and reads a target', () => {
    const before = [30, 32, 29, 31, 30, 33, 31, 30, 32, 29];
    const after = [20, 19, 21, 20, 18, 20, 19, 21, 10];
    const view = xmrView(weeklyAnswer([...before, ...after], { changeDate: '2026-03-16', target: 30 }), '');
    const rows = view.table.rows.map((r) => r.cells.map((c) => c.text));
    expect(rows[9]?.slice(2, 4)).toEqual(['Before the change', '30.70']);
    expect(rows[10]?.slice(1, 4)).toEqual(['–', 'From the change', '18.67']);
    expect(view.chart.svg).toContain('Change 16 March 2026');
    expect(view.chart.svg).toContain('Target 30.00');
    expect(view.summary.map((r) => r.key)).toEqual(
      expect.arrayContaining(['Limits before the change', 'Limits from the change', 'Target', 'Change date']),
    );
    expect(view.variation?.kind).toBe('special-cause-improving');
    // Each segment is read against its own limits: the step down at the change is not a shift, the low last point is.
    expect(view.signals).toEqual([
      'Week of 11 May 2026 (10.00 days): outside the natural process limits, lower, improving.',
    ]);
    // Upper limit from the change 18.67 + 2.66 × 2.75 = 26.0, below the target.
    expect(view.assurance).toMatchObject({ kind: 'pass', name: 'Passes the target' });
  });
});

import type { ChartAnswer } from '@waymark/measures-reading';
import { seriesChart } from './series-chart';
import { xmrView } from './xmr-chart';

const cell = (value: number | null, text = String(value)) =>
  value === null
    ? { text: 'Withheld (fewer than 10)', value: null, state: 'withheld' as const, reason: 'fewer than 10' }
    : { text, value, state: 'shown' as const };

const weeklyAnswer = (points: number[], signals: ChartAnswer['signals']): ChartAnswer => ({
  filter: { from: '2026-01-05', to: '2026-04-26', provider: null, area: null },
  disclosureThreshold: 5,
  smallestShownCount: 10,
  freshness: { lastEventRecordedAt: null, lastAppliedAt: null },
  by: 'week',
  suppressedWeeks: ['2026-04-20'],
  points: points.map((x, i) => ({
    label: `2026-${i < 4 ? '01' : '02'}-${String(5 + (i % 4) * 7).padStart(2, '0')}`,
    x,
    movingRange: i === 0 ? null : Math.abs(x - (points[i - 1] as number)),
  })),
  centreLine: 12,
  upperLimit: 20,
  lowerLimit: 4,
  movingRangeUpperLimit: 9.8,
  signals,
});

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

  it('marks an XmR chart’s special cause with its own shape and words, and tables every point', () => {
    const view = xmrView(
      weeklyAnswer([11, 12, 30, 11], [{ kind: 'outside-limits', index: 2 }]),
      { target: 14 },
      '/csv',
    );
    expect(view.chart.svg).toContain('special cause');
    expect(view.chart.svg).toContain('Target 14.00');
    expect(view.chart.svg).not.toMatch(/<style|style=/);
    expect(view.signals).toEqual(['Week of 19 Jan 2026: 30.00 days, above the upper limit (special cause).']);
    expect(view.table.head).toEqual(['Week', 'End-to-end time (days)', 'Moving range (days)', 'Signal']);
    expect(view.table.rows.map((r) => [r.header, ...r.cells.map((c) => c.text)])).toEqual([
      ['Week of 5 Jan 2026', '11.00', '–', 'None: common cause'],
      ['Week of 12 Jan 2026', '12.00', '1.00', 'None: common cause'],
      ['Week of 19 Jan 2026', '30.00', '18.00', 'Outside the limits, higher: a concern'],
      ['Week of 26 Jan 2026', '11.00', '19.00', 'None: common cause'],
    ]);
    expect(view.summary).toContainEqual({
      key: 'Weeks not charted',
      value: 'Week of 20 Apr 2026: fewer than 10 sustained resolutions',
    });
  });

  it('names every point of a run of eight, and marks a change date on the chart', () => {
    const points = [5, 5, 5, 5, 5, 5, 5, 5];
    const view = xmrView(
      weeklyAnswer(points, [{ kind: 'run-of-eight', side: 'below', from: 0, to: 7 }]),
      { changeDate: '2026-01-12' },
      '',
    );
    expect(
      view.table.rows.every((r) => r.cells[2]?.text === 'In a run of 8 below the mean, lower: an improvement'),
    ).toBe(true);
    expect(view.chart.svg).toContain('Change 12 January 2026');
  });
});

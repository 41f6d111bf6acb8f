import { RUN_LENGTH } from '@waymark/measures-maths';
import type { ChartAnswer, ChartReadings } from '@waymark/measures-reading';
import { longDate, periodLabel, periodTick } from '../pages/periods';
import { Table, textCell } from '../pages/table';
import type { ChartView } from './series-chart';
import { Plot, renderPlot } from './plot';

/**
 * Everything the End-to-end page shows of an XmR chart — the SVG, its table, the summary of its lines and the rules
 * it was read with — is made here, from the reading use case's chart answer. (The Making Data Count readings —
 * variation and assurance icons, ±2σ lines, limits recalculated from a change date — belong here too.)
 */
export interface XmrView {
  chart: ChartView;
  table: Table;
  summary: { key: string; value: string }[];
  /** The chart's special-cause signals in words; empty when it shows common-cause variation only. */
  signals: string[];
  /** Which rules the signals come from, in words. */
  rules: string[];
}

/** End-to-end time is better lower: a point above the upper limit is a concern, one below the lower an improvement. */
const DIRECTION = { above: 'higher: a concern', below: 'lower: an improvement' } as const;
export const RULES = [
  'A point above the upper or below the lower natural process limit.',
  `A run of ${RUN_LENGTH} or more points in a row on the same side of the mean.`,
];

type Signal = ChartAnswer['signals'][number];

const days = (x: number | null) =>
  x === null ? '–' : x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A point's name in the table (`Week of 2 Mar 2026`, `Mar 2026, group 2`) and on the axis (`2 Mar`, `Mar #2`). */
function pointNames(answer: ChartAnswer, label: string): { label: string; tick: string } {
  if (answer.by === 'week') return { label: periodLabel(label, 'week'), tick: periodTick(label, 'week') };
  const [month = label, index = ''] = label.split('#');
  return {
    label: `${periodLabel(month, 'month')}, group ${index}`,
    tick: `${periodTick(month, 'month').slice(0, 3)} #${index}`,
  };
}

/** What each point's signals say, by point index. */
function signalsByPoint(answer: ChartAnswer): Map<number, string[]> {
  const upper = answer.upperLimit ?? Infinity;
  const found = new Map<number, string[]>();
  const add = (i: number, text: string) => found.set(i, [...(found.get(i) ?? []), text]);
  for (const signal of answer.signals as Signal[]) {
    if (signal.kind === 'outside-limits') {
      const side = (answer.points[signal.index]?.x ?? 0) > upper ? 'above' : 'below';
      add(signal.index, `Outside the limits, ${DIRECTION[side]}`);
    } else {
      for (let i = signal.from; i <= signal.to; i++) {
        add(i, `In a run of ${signal.to - signal.from + 1} ${signal.side} the mean, ${DIRECTION[signal.side]}`);
      }
    }
  }
  return found;
}

/** The signals in words, for the summary above the chart. */
function signalSentences(answer: ChartAnswer): string[] {
  return (answer.signals as Signal[]).map((signal) => {
    if (signal.kind === 'outside-limits') {
      const point = answer.points[signal.index];
      const side = (point?.x ?? 0) > (answer.upperLimit ?? Infinity) ? 'above the upper' : 'below the lower';
      return `${pointNames(answer, point?.label ?? '').label}: ${days(point?.x ?? null)} days, ${side} limit (special cause).`;
    }
    const from = pointNames(answer, answer.points[signal.from]?.label ?? '').label;
    const to = pointNames(answer, answer.points[signal.to]?.label ?? '').label;
    return `${from} to ${to}: ${signal.to - signal.from + 1} points in a row ${signal.side} the mean (special cause).`;
  });
}

export function xmrView(answer: ChartAnswer, readings: ChartReadings, csvHref: string): XmrView & { csvHref: string } {
  const bySignal = signalsByPoint(answer);
  const points = answer.points.map((p, i) => ({
    ...p,
    ...pointNames(answer, p.label),
    signal: bySignal.get(i)?.join('; ') ?? '',
    special: bySignal.has(i),
    outside: (answer.signals as Signal[]).some((s) => s.kind === 'outside-limits' && s.index === i),
  }));
  const descriptionId = 'xmr-description';
  const signals = signalSentences(answer);
  const chart: ChartView = {
    id: 'xmr',
    title: 'End-to-end time, XmR chart',
    svg:
      points.length === 0
        ? ''
        : renderPlot(plotOptions(answer, readings, points), {
            label: `XmR chart of end-to-end days by ${answer.by === 'week' ? 'week' : 'closure group'}`,
            describedBy: descriptionId,
          }),
    description: describe(answer, points.length, signals),
    descriptionId,
  };
  const table: Table = {
    caption: 'End-to-end time, each point of the chart',
    head: [answer.by === 'week' ? 'Week' : 'Closure group', 'End-to-end time (days)', 'Moving range (days)', 'Signal'],
    rows: points.map((p) => ({
      header: p.label,
      cells: [textCell(days(p.x)), textCell(days(p.movingRange)), textCell(p.signal || 'None: common cause')],
    })),
  };
  return { chart, table, summary: summaryOf(answer, readings), signals, rules: RULES, csvHref };
}

type PointView = ChartAnswer['points'][number] & {
  tick: string;
  label: string;
  signal: string;
  special: boolean;
  outside: boolean;
};

function plotOptions(answer: ChartAnswer, readings: ChartReadings, points: PointView[]): Plot.PlotOptions {
  const last = points[points.length - 1]?.label ?? '';
  const lines = [
    { y: answer.centreLine, text: 'Mean', dash: null },
    { y: answer.upperLimit, text: 'Upper limit', dash: '6,4' },
    { y: answer.lowerLimit, text: 'Lower limit', dash: '6,4' },
    { y: readings.target ?? null, text: 'Target', dash: '2,3' },
  ].filter((l): l is { y: number; text: string; dash: string | null } => l.y !== null && l.y !== undefined);
  const changeAt =
    readings.changeDate === undefined
      ? undefined
      : points.find((p) => changePoint(answer, p) >= (readings.changeDate as string));
  const tickOf = new Map(points.map((p) => [p.label, p.tick]));
  const step = Math.ceil(points.length / 8);
  return {
    width: 960,
    height: 380,
    marginLeft: 56,
    marginRight: 110,
    marginBottom: 40,
    x: {
      type: 'point',
      domain: points.map((p) => p.label),
      ticks: points.filter((_, i) => (points.length - 1 - i) % step === 0).map((p) => p.label),
      tickFormat: (label: string) => tickOf.get(label) ?? label,
      label: null,
    },
    y: { grid: true, zero: true, nice: true, label: 'days', labelAnchor: 'top' },
    marks: [
      Plot.frame({ anchor: 'bottom' }),
      ...lines.map((l) =>
        Plot.ruleY([l.y], { strokeWidth: l.text === 'Mean' ? 2 : 1.5, ...(l.dash && { strokeDasharray: l.dash }) }),
      ),
      Plot.text(lines, {
        x: () => last,
        y: 'y',
        text: (l: { text: string; y: number }) => `${l.text} ${days(l.y)}`,
        textAnchor: 'start',
        dx: 8,
      }),
      ...(changeAt
        ? [
            Plot.ruleX([changeAt.label], { strokeDasharray: '4,4' }),
            Plot.text([changeAt.label], {
              x: (d: string) => d,
              frameAnchor: 'top',
              text: () => `Change ${longDate(readings.changeDate as string)}`,
              textAnchor: 'start',
              dx: 4,
              dy: 4,
            }),
          ]
        : []),
      Plot.lineY(points, { x: 'label', y: 'x', strokeWidth: 1.5 }),
      Plot.dot(
        points.filter((p) => !p.special),
        { x: 'label', y: 'x', r: 3, fill: 'currentColor' },
      ),
      // Special cause: a larger shape of its own (diamond outside the limits, square in a run) and a word beside it,
      // coloured as Making Data Count does (orange a concern, blue an improvement) — never colour alone.
      Plot.dot(
        points.filter((p) => p.special),
        {
          x: 'label',
          y: 'x',
          r: 7,
          symbol: (p: PointView) => (p.outside ? 'diamond' : 'square'),
          fill: (p: PointView) => (p.signal.includes('concern') ? '#f47738' : '#1d70b8'),
          stroke: 'currentColor',
          strokeWidth: 1.5,
        },
      ),
      Plot.text(
        points.filter((p) => p.outside),
        { x: 'label', y: 'x', text: () => 'special cause', dy: -16, fontWeight: 'bold' },
      ),
    ],
  };
}

/** The first day a point stands for: its week's Monday, or its group's month. */
const changePoint = (answer: ChartAnswer, p: PointView) =>
  answer.by === 'week' ? p.label : (p.label.split('#')[0] ?? p.label);

function summaryOf(answer: ChartAnswer, readings: ChartReadings): { key: string; value: string }[] {
  const rows = [
    { key: 'Points charted', value: String(answer.points.length) },
    { key: 'Mean (centre line)', value: `${days(answer.centreLine)} days` },
    { key: 'Upper natural process limit', value: `${days(answer.upperLimit)} days` },
    { key: 'Lower natural process limit', value: `${days(answer.lowerLimit)} days` },
    { key: 'Moving range upper limit', value: `${days(answer.movingRangeUpperLimit)} days` },
  ];
  if (answer.by === 'week' && answer.suppressedWeeks.length > 0) {
    rows.push({
      key: 'Weeks not charted',
      value: `${answer.suppressedWeeks.map((w) => periodLabel(w, 'week')).join(', ')}: fewer than ${answer.smallestShownCount} sustained resolutions`,
    });
  }
  if (answer.by === 'closure-group') {
    rows.push({
      key: 'Sustained resolutions a point',
      value: `${answer.groupSize} to ${2 * answer.groupSize - 1}, one month’s in closure order`,
    });
    if (answer.suppressedMonths.length > 0) {
      rows.push({
        key: 'Months not charted',
        value: `${answer.suppressedMonths.map((m) => periodLabel(m, 'month')).join(', ')}: fewer than ${answer.groupSize} sustained resolutions`,
      });
    }
  }
  if (readings.target !== undefined) rows.push({ key: 'Target', value: `${days(readings.target)} days` });
  if (readings.changeDate !== undefined) rows.push({ key: 'Change date', value: longDate(readings.changeDate) });
  return rows;
}

function describe(answer: ChartAnswer, n: number, signals: string[]): string {
  if (n === 0) return 'No point can be charted for this filter: no week or month has enough sustained resolutions.';
  const lines = `mean ${days(answer.centreLine)} days, natural process limits ${days(answer.lowerLimit)} to ${days(answer.upperLimit)} days`;
  const variation =
    signals.length === 0
      ? 'No special-cause signal: common-cause variation only.'
      : `Special-cause signals: ${signals.join(' ')}`;
  return `XmR chart of end-to-end days, ${n} points: ${lines}. ${variation} The table has every point.`;
}

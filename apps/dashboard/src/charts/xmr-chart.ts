import type { Assurance, SpcReading, SpcRule, Variation } from '@waymark/measures-maths';
import { RUN_LENGTH } from '@waymark/measures-maths';
import type { ChartAnswer } from '@waymark/measures-reading';
import { longDate, periodLabel, periodTick } from '../pages/periods';
import { Table, textCell } from '../pages/table';
import type { ChartView } from './series-chart';
import { Plot, renderPlot } from './plot';

/**
 * Everything the End-to-end page shows of an XmR chart read the Making Data Count way — the SVG, its table, the lines
 * of each segment, the variation and assurance readings and the rules — is made here from the reading use case's
 * chart answer. Every reading is in words; colour and shape only repeat it.
 */
export interface XmrView {
  chart: ChartView;
  table: Table;
  summary: { key: string; value: string }[];
  /** The latest point's variation (Making Data Count's variation icon), or null without one. */
  variation: Reading<Variation> | null;
  /** With a target: its assurance reading (the assurance icon); null otherwise. */
  assurance: Reading<Assurance> | null;
  /** The chart's special causes in words, one sentence per run of points a rule marks. */
  signals: string[];
  rules: string[];
  csvHref: string;
}

/** A reading as the page shows it: the icon's letter and colour, its name and what it means. */
export interface Reading<T extends string> {
  kind: T;
  letter: string;
  tone: 'improving' | 'concerning' | 'neutral';
  name: string;
  meaning: string;
}

type Point = ChartAnswer['points'][number];
type Segment = ChartAnswer['segments'][number];

/** End-to-end time is better lower: an improving signal points down, a concerning one up. */
const SIDE: Record<SpcReading, string> = { improving: 'lower, improving', concerning: 'higher, concerning' };

const RULE_NAMES: Record<SpcRule, string> = {
  'outside-limits': 'outside the natural process limits',
  trend: `a trend of ${RUN_LENGTH} or more`,
  'two-of-three': 'two of three beyond 2σ',
  shift: `a shift of ${RUN_LENGTH} or more`,
};

export const RULES = [
  'A point above the upper or below the lower natural process limit.',
  `A shift: ${RUN_LENGTH} or more points in a row on the same side of the centre line.`,
  `A trend: ${RUN_LENGTH} or more points in a row each higher, or each lower, than the one before.`,
  'Two of three points in a row beyond two sigma (two thirds of the way to a limit) on the same side of the centre line.',
];

const VARIATION: Record<Variation, Omit<Reading<Variation>, 'kind'>> = {
  'common-cause': {
    letter: '~',
    tone: 'neutral',
    name: 'Common cause',
    meaning: 'the latest point varies within what this process produces on its own; no rule marks it.',
  },
  'special-cause-improving': {
    letter: 'L',
    tone: 'improving',
    name: 'Special cause, improving',
    meaning: 'the latest point is part of a signal of lower end-to-end time (lower is better).',
  },
  'special-cause-concerning': {
    letter: 'H',
    tone: 'concerning',
    name: 'Special cause, concerning',
    meaning: 'the latest point is part of a signal of higher end-to-end time (lower is better).',
  },
};

const ASSURANCE: Record<Assurance, Omit<Reading<Assurance>, 'kind'>> = {
  pass: {
    letter: 'P',
    tone: 'improving',
    name: 'Passes the target',
    meaning: 'the upper limit is below the target, so this process will meet it week after week unless it changes.',
  },
  fail: {
    letter: 'F',
    tone: 'concerning',
    name: 'Fails the target',
    meaning: 'the lower limit is above the target, so this process will not meet it unless the system changes.',
  },
  'hit-and-miss': {
    letter: '?',
    tone: 'neutral',
    name: 'Hit and miss',
    meaning: 'the target lies between the limits, so this process will sometimes meet it and sometimes not.',
  },
};

const days = (x: number | null | undefined) =>
  x === null || x === undefined
    ? '–'
    : x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A point's name in the table (`Week of 2 Mar 2026`, `Mar 2026, group 2`) and on the axis (`2 Mar`, `Mar #2`). */
function pointNames(answer: ChartAnswer, label: string): { name: string; tick: string } {
  if (answer.by === 'week') return { name: periodLabel(label, 'week'), tick: periodTick(label, 'week') };
  const [month = label, index = ''] = label.split('#');
  return {
    name: `${periodLabel(month, 'month')}, group ${index}`,
    tick: `${periodTick(month, 'month').slice(0, 3)} #${index}`,
  };
}

const segmentOf = (answer: ChartAnswer, i: number) => answer.segments.find((s) => s.from <= i && i <= s.to) as Segment;

/** `Before the change` / `From the change` with a change date, otherwise the one segment has no name. */
function segmentName(answer: ChartAnswer, segment: Segment): string {
  if (answer.segments.length < 2) return 'All points';
  return segment.from === 0 ? 'Before the change' : 'From the change';
}

const variationText = (p: Point) =>
  p.variation === null ? 'No limits (one point)' : (VARIATION[p.variation]?.name ?? p.variation);

const rulesText = (p: Point) =>
  p.rules.length === 0 ? 'None' : p.rules.map((r) => `${RULE_NAMES[r.rule]}, ${SIDE[r.reading]}`).join('; ');

/** One sentence per run of consecutive points a rule marks with the same reading. */
function signalSentences(answer: ChartAnswer): string[] {
  const sentences: { first: number; text: string }[] = [];
  for (const rule of Object.keys(RULE_NAMES) as SpcRule[]) {
    for (const reading of ['improving', 'concerning'] as SpcReading[]) {
      const marked = answer.points.flatMap((p, i) =>
        p.rules.some((r) => r.rule === rule && r.reading === reading) ? [i] : [],
      );
      for (const [from, to] of consecutiveRuns(marked)) {
        const first = pointNames(answer, answer.points[from]?.label ?? '').name;
        const last = pointNames(answer, answer.points[to]?.label ?? '').name;
        const where = from === to ? `${first} (${days(answer.points[from]?.x)} days)` : `${first} to ${last}`;
        const count = from === to ? '' : ` (${to - from + 1} points)`;
        sentences.push({ first: from, text: `${where}: ${RULE_NAMES[rule]}${count}, ${SIDE[reading]}.` });
      }
    }
  }
  return sentences.sort((a, b) => a.first - b.first).map((s) => s.text);
}

function consecutiveRuns(indices: number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const i of indices) {
    const last = runs.at(-1);
    if (last && last[1] === i - 1) last[1] = i;
    else runs.push([i, i]);
  }
  return runs;
}

export function xmrView(answer: ChartAnswer, csvHref: string): XmrView {
  const descriptionId = 'xmr-description';
  const signals = signalSentences(answer);
  const chart: ChartView = {
    id: 'xmr',
    title: 'End-to-end time, XmR chart',
    svg:
      answer.points.length === 0
        ? ''
        : renderPlot(plotOptions(answer), {
            label: `XmR chart of end-to-end days by ${answer.by === 'week' ? 'week' : 'closure group'}`,
            describedBy: descriptionId,
          }),
    description: describe(answer, signals),
    descriptionId,
  };
  const table: Table = {
    caption: 'End-to-end time, each point of the chart',
    head: [
      answer.by === 'week' ? 'Week' : 'Closure group',
      'End-to-end time (days)',
      'Moving range (days)',
      'Limits from',
      'Centre line (days)',
      'Lower limit (days)',
      'Upper limit (days)',
      'Variation',
      'Special cause rules',
    ],
    rows: answer.points.map((p, i) => {
      const segment = segmentOf(answer, i);
      return {
        header: pointNames(answer, p.label).name,
        cells: [
          days(p.x),
          days(p.movingRange),
          segmentName(answer, segment),
          days(segment.centreLine),
          days(segment.lowerLimit),
          days(segment.upperLimit),
          variationText(p),
          rulesText(p),
        ].map(textCell),
      };
    }),
  };
  return {
    chart,
    table,
    summary: summaryOf(answer),
    variation: answer.variation === null ? null : { kind: answer.variation, ...VARIATION[answer.variation] },
    assurance: answer.assurance === null ? null : { kind: answer.assurance, ...ASSURANCE[answer.assurance] },
    signals,
    rules: RULES,
    csvHref,
  };
}

/** Marks for special causes: a shape and a fill of their own (Making Data Count's blue and orange), never colour alone. */
const MARK: Record<SpcReading, { symbol: string; fill: string }> = {
  improving: { symbol: 'square', fill: '#1d70b8' },
  concerning: { symbol: 'diamond', fill: '#f47738' },
};

interface Drawn {
  label: string;
  x: number;
  centre: number;
  upper: number | null;
  lower: number | null;
  segment: number;
  reading: SpcReading | null;
}

function plotOptions(answer: ChartAnswer): Plot.PlotOptions {
  const drawn: Drawn[] = answer.points.map((p, i) => {
    const segment = segmentOf(answer, i);
    return {
      label: p.label,
      x: p.x,
      centre: segment.centreLine,
      upper: segment.upperLimit,
      lower: segment.lowerLimit,
      segment: segment.from,
      reading: p.variation?.startsWith('special-cause-') ? (p.rules[0]?.reading ?? null) : null,
    };
  });
  const last = drawn[drawn.length - 1] as Drawn;
  const latest = answer.segments[answer.segments.length - 1] as Segment;
  const labels = [
    { y: latest.centreLine, text: 'Mean' },
    { y: latest.upperLimit, text: 'Upper limit' },
    { y: latest.lowerLimit, text: 'Lower limit' },
    { y: answer.target, text: 'Target' },
  ].filter((l): l is { y: number; text: string } => l.y !== null);
  const change = answer.segments[1] === undefined ? undefined : drawn[answer.segments[1].from];
  const tickOf = new Map(drawn.map((p) => [p.label, pointNames(answer, p.label).tick]));
  const step = Math.ceil(drawn.length / 8);
  const segmentLine = (y: 'centre' | 'upper' | 'lower', dash?: string) =>
    Plot.lineY(drawn, {
      x: 'label',
      y,
      z: 'segment',
      strokeWidth: y === 'centre' ? 2 : 1.5,
      ...(dash && { strokeDasharray: dash }),
    });
  return {
    width: 960,
    height: 380,
    marginLeft: 56,
    marginRight: 120,
    marginBottom: 40,
    x: {
      type: 'point',
      domain: drawn.map((p) => p.label),
      ticks: drawn.filter((_, i) => (drawn.length - 1 - i) % step === 0).map((p) => p.label),
      tickFormat: (label: string) => tickOf.get(label) ?? label,
      label: null,
    },
    y: { grid: true, zero: true, nice: true, label: 'days', labelAnchor: 'top' },
    marks: [
      Plot.frame({ anchor: 'bottom' }),
      segmentLine('centre'),
      segmentLine('upper', '6,4'),
      segmentLine('lower', '6,4'),
      ...(answer.target === null ? [] : [Plot.ruleY([answer.target], { strokeDasharray: '2,3', strokeWidth: 1.5 })]),
      Plot.text(labels, {
        x: () => last.label,
        y: 'y',
        text: (l: { text: string; y: number }) => `${l.text} ${days(l.y)}`,
        textAnchor: 'start',
        dx: 10,
      }),
      ...(change && answer.changeDate !== null
        ? [
            Plot.ruleX([change.label], { strokeDasharray: '4,4' }),
            Plot.text([change.label], {
              x: (d: string) => d,
              frameAnchor: 'top',
              text: () => `Change ${longDate(answer.changeDate as string)}`,
              textAnchor: 'start',
              dx: 4,
              dy: 4,
            }),
          ]
        : []),
      Plot.lineY(drawn, { x: 'label', y: 'x', strokeWidth: 1.5 }),
      Plot.dot(
        drawn.filter((p) => p.reading === null),
        { x: 'label', y: 'x', r: 3, fill: 'currentColor' },
      ),
      ...(['improving', 'concerning'] as SpcReading[]).map((reading) =>
        Plot.dot(
          drawn.filter((p) => p.reading === reading),
          { x: 'label', y: 'x', r: 7, symbol: MARK[reading].symbol, fill: MARK[reading].fill, stroke: 'currentColor' },
        ),
      ),
    ],
  };
}

function summaryOf(answer: ChartAnswer): { key: string; value: string }[] {
  const rows = [{ key: 'Points charted', value: String(answer.points.length) }];
  for (const segment of answer.segments) {
    const name = answer.segments.length < 2 ? 'Limits' : `Limits ${segmentName(answer, segment).toLowerCase()}`;
    const span = `${pointNames(answer, answer.points[segment.from]?.label ?? '').name} to ${pointNames(answer, answer.points[segment.to]?.label ?? '').name}`;
    const lines =
      segment.upperLimit === null
        ? `mean ${days(segment.centreLine)} days, no limits from one point`
        : `mean ${days(segment.centreLine)} days, natural process limits ${days(segment.lowerLimit)} to ${days(segment.upperLimit)} days, moving range upper limit ${days(segment.movingRangeUpperLimit)} days`;
    const trial = segment.trialLimits ? ' (trial limits: fewer than 12 points)' : '';
    rows.push({ key: name, value: `${span}: ${lines}${trial}` });
  }
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
  if (answer.target !== null) rows.push({ key: 'Target', value: `${days(answer.target)} days` });
  if (answer.changeDate !== null) rows.push({ key: 'Change date', value: longDate(answer.changeDate) });
  return rows;
}

function describe(answer: ChartAnswer, signals: string[]): string {
  if (answer.points.length === 0) {
    return 'No point can be charted for this filter: no week or month has enough sustained resolutions.';
  }
  const segments = answer.segments.map((s) => {
    const limits =
      s.upperLimit === null
        ? 'no limits'
        : `natural process limits ${days(s.lowerLimit)} to ${days(s.upperLimit)} days`;
    const which = answer.segments.length < 2 ? '' : `${segmentName(answer, s)}: `;
    return `${which}mean ${days(s.centreLine)} days, ${limits}.`;
  });
  const variation =
    signals.length === 0
      ? 'No special-cause signal: common-cause variation only.'
      : `Special-cause signals: ${signals.join(' ')}`;
  return `XmR chart of end-to-end days, ${answer.points.length} points. ${segments.join(' ')} ${variation} The table has every point.`;
}

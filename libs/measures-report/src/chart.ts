import { DAY_MS, xmr, XmrSignal } from '@waymark/measures-maths';
import { round } from './rounding';

export const CHART_BY = ['week', 'journey'] as const;
export type ChartBy = (typeof CHART_BY)[number];
export const DEFAULT_CHART_LIMIT = 100;
export const MAX_CHART_LIMIT = 1000;

export interface ChartLines {
  points: { label: string; x: number; movingRange: number | null }[];
  centreLine: number | null;
  upperLimit: number | null;
  lowerLimit: number | null;
  movingRangeUpperLimit: number | null;
  signals: XmrSignal[];
}

export type EndToEndChart =
  | ({ by: 'week'; suppressedWeeks: string[] } & ChartLines)
  | ({ by: 'journey'; suppressed: boolean } & ChartLines);

const show = (n: number | undefined) => (n === undefined ? null : round(n, 2));

function lines(points: { label: string; x: number }[]): ChartLines {
  const chart = xmr(points);
  return {
    points: chart.points.map((p) => ({ label: p.label, x: round(p.x, 2), movingRange: show(p.movingRange) })),
    centreLine: show(chart.centreLine),
    upperLimit: show(chart.upperLimit),
    lowerLimit: show(chart.lowerLimit),
    movingRangeUpperLimit: show(chart.movingRangeUpperLimit),
    signals: chart.signals,
  };
}

/** One point per week: its median end-to-end days; weeks with too few sustained closures are left out. */
export function weeklyChart(weeks: { week: string; n: number; medianMs: number }[], threshold: number): EndToEndChart {
  const shown = weeks.filter((w) => w.n >= threshold);
  return {
    by: 'week',
    suppressedWeeks: weeks.filter((w) => w.n < threshold).map((w) => w.week),
    ...lines(shown.map((w) => ({ label: w.week, x: w.medianMs / DAY_MS }))),
  };
}

/** One point per sustained closure, labelled only by its week; withheld whole when there are too few. */
export function journeyChart(closures: { week: string; endToEndMs: number }[], threshold: number): EndToEndChart {
  if (closures.length < threshold) return { by: 'journey', suppressed: true, ...lines([]) };
  return {
    by: 'journey',
    suppressed: false,
    ...lines(closures.map((c) => ({ label: c.week, x: c.endToEndMs / DAY_MS }))),
  };
}

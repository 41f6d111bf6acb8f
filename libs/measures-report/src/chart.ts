import { DAY_MS, Fraction, percentileBetween, roundExact, xmr, XmrSignal } from '@waymark/measures-maths';
import type { Neighbours } from './aggregates';
import { periodsOf } from './periods';

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

/** Every number is rounded from its exact value, after the limits and signals were worked out exactly. */
const show = (value: Fraction | undefined) => (value === undefined ? null : roundExact(value, 2));
const days = (ms: Fraction) => ms.div(DAY_MS);

function lines(points: { label: string; x: Fraction }[]): ChartLines {
  const chart = xmr(points);
  return {
    points: chart.points.map((p) => ({ label: p.label, x: roundExact(p.x, 2), movingRange: show(p.movingRange) })),
    centreLine: show(chart.centreLine),
    upperLimit: show(chart.upperLimit),
    lowerLimit: show(chart.lowerLimit),
    movingRangeUpperLimit: show(chart.movingRangeUpperLimit),
    signals: chart.signals,
  };
}

/**
 * One point per ISO week of the range (labelled by its Monday): its median end-to-end days. A week with fewer
 * sustained closures than the threshold, none included, is left out and listed.
 */
export function weeklyChart(
  range: { from: string; to: string },
  weeks: ReadonlyMap<string, { n: number; median: Neighbours }>,
  threshold: number,
): EndToEndChart {
  const all = periodsOf({ ...range, groupBy: 'week' }).map(({ bucket }) => ({ week: bucket, ...weeks.get(bucket) }));
  const shown = all.filter((w) => (w.n ?? 0) >= threshold);
  return {
    by: 'week',
    suppressedWeeks: all.filter((w) => (w.n ?? 0) < threshold).map((w) => w.week),
    ...lines(
      shown.map(({ week, n, median }) => {
        const { lower, upper } = median as Neighbours;
        return { label: week, x: days(percentileBetween(lower, upper ?? undefined, n as number, 50)) };
      }),
    ),
  };
}

/** One point per sustained closure, labelled only by its week; withheld whole when there are too few. */
export function journeyChart(closures: { week: string; endToEndMs: number }[], threshold: number): EndToEndChart {
  if (closures.length < threshold) return { by: 'journey', suppressed: true, ...lines([]) };
  const points = closures.map((c) => ({ label: c.week, x: days(new Fraction(c.endToEndMs)) }));
  return { by: 'journey', suppressed: false, ...lines(points) };
}

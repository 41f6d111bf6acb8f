import {
  closureGroupSize,
  DAY_MS,
  Fraction,
  percentileBetween,
  periodsBetween,
  smallestShownCount,
  type ClosureGroup,
  type Neighbours,
} from '@waymark/measures-maths';
import { ChartOptions, ChartReading, reading } from './chart-reading';

export const CHART_BY = ['week', 'closure-group'] as const;
export type ChartBy = (typeof CHART_BY)[number];
/** How many points (the most recent) a chart shows unless asked. */
export const DEFAULT_CHART_LIMIT = 100;
export const MAX_CHART_LIMIT = 1000;

const days = (ms: Fraction) => ms.div(DAY_MS);

export type EndToEndChart =
  | ({ by: 'week'; suppressedWeeks: string[] } & ChartReading)
  | ({ by: 'closure-group'; groupSize: number; suppressedMonths: string[] } & ChartReading);

/**
 * One point per ISO week of the range (labelled by its Monday): its median end-to-end days. A week with fewer
 * sustained closures than the smallest shown count (the same rule as the weekly figures) is left out and listed.
 */
export function weeklyChart(
  range: { from: string; to: string },
  weeks: ReadonlyMap<string, { n: number; median: Neighbours }>,
  threshold: number,
  options: ChartOptions = {},
): EndToEndChart {
  const smallest = smallestShownCount(threshold);
  const all = periodsBetween(range.from, range.to, 'week').map(({ bucket }) => ({
    week: bucket,
    ...weeks.get(bucket),
  }));
  const shown = all.filter((w) => (w.n ?? 0) >= smallest);
  return {
    by: 'week',
    suppressedWeeks: all.filter((w) => (w.n ?? 0) < smallest).map((w) => w.week),
    ...reading(
      shown.map(({ week, n, median }) => {
        const { lower, upper } = median as Neighbours;
        const x = days(percentileBetween(lower, upper ?? undefined, n as number, 50));
        return { label: week, x, periodStart: week };
      }),
      options,
    ),
  };
}

/**
 * One point per closure group (ClosureGroup in measures-maths) of the range's months, the most recent `limit`: the group's mean
 * end-to-end days, labelled `<month's first day>#<index>`. Groups are fixed within their month, whatever the range
 * asked for, so two charts never split the same closures two ways. Months with fewer sustained closures than a
 * group (`sustainedByMonth`, every month of the range that has any) are listed; `groups` needs to hold only the
 * months monthsForRecentGroups names.
 */
export function closureGroupChart(
  range: { from: string; to: string },
  sustainedByMonth: ReadonlyMap<string, number>,
  groups: readonly ClosureGroup[],
  threshold: number,
  limit: number,
  options: ChartOptions = {},
): EndToEndChart {
  const size = closureGroupSize(threshold);
  // A smaller group would be a point standing for too few journeys: the store broke the rule, so refuse to publish.
  if (groups.some((g) => g.closures < size)) throw new Error(`a closure group has fewer than ${size} closures`);
  const points = groups.slice(-limit).map((g) => ({
    label: `${g.month}#${g.index}`,
    x: days(new Fraction(g.endToEndMsSum, g.closures)),
    periodStart: g.month,
  }));
  return {
    by: 'closure-group',
    groupSize: size,
    suppressedMonths: periodsBetween(range.from, range.to, 'month')
      .map((p) => p.bucket)
      .filter((month) => (sustainedByMonth.get(month) ?? 0) < size),
    ...reading(points, options),
  };
}

import type { Cell } from '../pages/figures';
import { Plot, renderPlot } from './plot';

/** A chart as the page shows it: the SVG, and its text alternative (the id the SVG is described by). */
export interface ChartView {
  id: string;
  title: string;
  svg: string;
  description: string;
  descriptionId: string;
}

/** One period of a measure: its start (the x value), short and full names, and its published cell. */
export interface SeriesPoint {
  key: string;
  tick: string;
  label: string;
  cell: Cell;
}

export interface SeriesSpec {
  id: string;
  title: string;
  /** The unit's heading: `%`, `£`, `days`, `bands of 5`… */
  unit: string;
  /** Whether the y axis starts at zero (not for a change, which may be negative). */
  zero: boolean;
  points: SeriesPoint[];
}

/** At most this many tick labels on an axis; the rest are in the table. */
const MAX_TICKS = 6;

/**
 * One measure over the filter's periods: a line through the shown values, a dot on each, a gap where a figure is
 * withheld or unavailable — marked there with a cross on the axis, so a missing figure reads as missing, not as
 * zero, without relying on colour.
 */
export function seriesChart(spec: SeriesSpec): ChartView {
  const shown = spec.points.filter((p) => p.cell.value !== null);
  const missing = spec.points.filter((p) => p.cell.value === null);
  const ticks = thin(spec.points.map((p) => p.key));
  const tickOf = new Map(spec.points.map((p) => [p.key, p.tick]));
  const descriptionId = `${spec.id}-description`;
  const marks: Plot.Markish[] = [Plot.frame({ anchor: 'bottom' })];
  if (shown.length > 0) {
    marks.push(
      Plot.lineY(spec.points, { x: 'key', y: (p: SeriesPoint) => p.cell.value ?? Number.NaN, strokeWidth: 2 }),
      Plot.dot(shown, { x: 'key', y: (p: SeriesPoint) => p.cell.value, r: 3, fill: 'currentColor' }),
    );
  }
  if (missing.length > 0) {
    marks.push(Plot.dot(missing, { x: 'key', frameAnchor: 'bottom', symbol: 'times', r: 5, strokeWidth: 2 }));
  }
  const svg = renderPlot(
    {
      width: 340,
      height: 200,
      marginLeft: 56,
      marginRight: 16,
      marginBottom: 32,
      x: {
        type: 'point',
        domain: spec.points.map((p) => p.key),
        ticks,
        tickFormat: (k: string) => tickOf.get(k) ?? k,
        label: null,
      },
      y: { grid: true, zero: spec.zero, nice: true, label: spec.unit, labelAnchor: 'top' },
      marks,
    },
    { label: `${spec.title} (${spec.unit})`, describedBy: descriptionId },
  );
  return { id: spec.id, title: spec.title, svg, description: describe(spec, shown, missing), descriptionId };
}

/** Every n-th key, so at most MAX_TICKS are labelled, the last always among them. */
function thin(keys: string[]): string[] {
  const step = Math.ceil(keys.length / MAX_TICKS);
  return keys.filter((_, i) => (keys.length - 1 - i) % step === 0);
}

/** The chart in words: how many periods, where it starts and ends, its highest and lowest, and what is missing. */
function describe(spec: SeriesSpec, shown: SeriesPoint[], missing: SeriesPoint[]): string {
  const all = spec.points;
  const range = all.length === 0 ? 'no periods' : `${all[0]?.label} to ${all[all.length - 1]?.label}`;
  const parts = [`${spec.title} (${spec.unit}), ${range}.`];
  if (shown.length === 0) parts.push('No period has a figure that can be shown.');
  else {
    const first = shown[0] as SeriesPoint;
    const last = shown[shown.length - 1] as SeriesPoint;
    const byValue = [...shown].sort((a, b) => (a.cell.value as number) - (b.cell.value as number));
    const lowest = byValue[0] as SeriesPoint;
    const highest = byValue[byValue.length - 1] as SeriesPoint;
    parts.push(
      shown.length === 1
        ? `Shown for ${first.label} only: ${first.cell.text}.`
        : `From ${first.cell.text} in ${first.label} to ${last.cell.text} in ${last.label}; highest ${highest.cell.text} (${highest.label}), lowest ${lowest.cell.text} (${lowest.label}).`,
    );
  }
  if (missing.length > 0) {
    parts.push(
      `Not shown for ${missing.length} of ${all.length} periods, marked with a cross: ${missing.map((p) => p.label).join(', ')}.`,
    );
  }
  parts.push('The table has every value.');
  return parts.join(' ');
}

import { mean } from './statistics';

/** 3 ÷ d₂ for subgroups of two (d₂ = 1.128): turns the mean moving range into three-sigma limits. */
export const NATURAL_PROCESS_LIMIT_FACTOR = 2.66;
/** D₄ for subgroups of two: the upper limit for a single moving range. */
export const MOVING_RANGE_LIMIT_FACTOR = 3.268;
/** How many successive points on one side of the centre line make a signal. */
export const RUN_LENGTH = 8;

export interface XmrInput {
  x: number;
  label: string;
}

export interface XmrPoint extends XmrInput {
  /** |xᵢ − xᵢ₋₁|; absent on the first point, which has nothing before it. */
  movingRange?: number;
}

export type XmrSignal =
  | { kind: 'outside-limits'; index: number }
  | { kind: 'run-of-eight'; side: 'above' | 'below'; from: number; to: number };

export interface XmrChart {
  points: XmrPoint[];
  /** mean(x); undefined only when there are no points. */
  centreLine: number | undefined;
  /** The rest need at least two points (one moving range). */
  meanMovingRange: number | undefined;
  upperLimit: number | undefined;
  lowerLimit: number | undefined;
  movingRangeUpperLimit: number | undefined;
  /** In order of where they start; at the same index an outside-limits point comes before a run. */
  signals: XmrSignal[];
}

/**
 * Floating-point sums can leave a point that is mathematically on a line a hair either side of it
 * (0.1, 0.2, 0.3 has mean 0.20000000000000004). Within this tolerance a point counts as on the line.
 */
function compare(value: number, line: number): -1 | 0 | 1 {
  const tolerance = 1e-9 * Math.max(1, Math.abs(line));
  if (value > line + tolerance) return 1;
  if (value < line - tolerance) return -1;
  return 0;
}

/** Each maximal run of RUN_LENGTH or more points strictly above, or strictly below, the centre line. */
function runs(xs: readonly number[], centre: number): XmrSignal[] {
  const found: XmrSignal[] = [];
  let from = 0;
  for (let i = 1; i <= xs.length; i++) {
    const side = compare(xs[from], centre);
    // A run ends at the end of the data, at a point on the line, or where the side changes.
    if (i < xs.length && side !== 0 && compare(xs[i], centre) === side) continue;
    if (side !== 0 && i - from >= RUN_LENGTH) {
      found.push({ kind: 'run-of-eight', side: side > 0 ? 'above' : 'below', from, to: i - 1 });
    }
    from = i;
  }
  return found;
}

/** XmR (individuals) chart, DESIGN §6: mean ± 2.66 × mean moving range, lower limit not below zero. */
export function xmr(points: readonly XmrInput[]): XmrChart {
  const xs = points.map((p) => p.x);
  const centreLine = mean(xs);
  const charted: XmrPoint[] = points.map((p, i) =>
    i === 0 ? { x: p.x, label: p.label } : { x: p.x, label: p.label, movingRange: Math.abs(p.x - xs[i - 1]) },
  );
  if (centreLine === undefined || points.length < 2) {
    return {
      points: charted,
      centreLine,
      meanMovingRange: undefined,
      upperLimit: undefined,
      lowerLimit: undefined,
      movingRangeUpperLimit: undefined,
      signals: [],
    };
  }

  const meanMovingRange = mean(charted.slice(1).map((p) => p.movingRange ?? 0)) ?? 0;
  const spread = NATURAL_PROCESS_LIMIT_FACTOR * meanMovingRange;
  const upperLimit = centreLine + spread;
  const lowerLimit = Math.max(0, centreLine - spread);

  const outside: XmrSignal[] = [];
  xs.forEach((x, index) => {
    if (compare(x, upperLimit) > 0 || compare(x, lowerLimit) < 0) outside.push({ kind: 'outside-limits', index });
  });
  const start = (s: XmrSignal) => (s.kind === 'outside-limits' ? s.index : s.from);
  // Array.prototype.sort is stable, so outside-limits stays ahead of a run starting at the same point.
  const signals = [...outside, ...runs(xs, centreLine)].sort((a, b) => start(a) - start(b));

  return {
    points: charted,
    centreLine,
    meanMovingRange,
    upperLimit,
    lowerLimit,
    movingRangeUpperLimit: MOVING_RANGE_LIMIT_FACTOR * meanMovingRange,
    signals,
  };
}

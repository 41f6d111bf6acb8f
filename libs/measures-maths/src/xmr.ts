import { Fraction } from './exact';

/**
 * XmR charts are worked out in exact rational arithmetic: published limits are rounded from their exact values,
 * and a point exactly on a line is on it (no floating-point near-misses to paper over).
 */

/** 3 ÷ d₂ for subgroups of two (d₂ = 1.128): turns the mean moving range into three-sigma limits. */
export const NATURAL_PROCESS_LIMIT_FACTOR: Fraction = new Fraction(266, 100);
/** D₄ for subgroups of two: the upper limit for a single moving range. */
export const MOVING_RANGE_LIMIT_FACTOR: Fraction = new Fraction(3268, 1000);
/** How many successive points on one side of the centre line make a signal. */
export const RUN_LENGTH = 8;

export interface XmrInput {
  x: Fraction;
  label: string;
}

export interface XmrPoint extends XmrInput {
  /** |xᵢ − xᵢ₋₁|; absent on the first point, which has nothing before it. */
  movingRange?: Fraction;
}

export type XmrSignal =
  | { kind: 'outside-limits'; index: number }
  | { kind: 'run-of-eight'; side: 'above' | 'below'; from: number; to: number };

export interface XmrChart {
  points: XmrPoint[];
  /** mean(x); undefined only when there are no points. */
  centreLine: Fraction | undefined;
  /** The rest need at least two points (one moving range). */
  meanMovingRange: Fraction | undefined;
  upperLimit: Fraction | undefined;
  lowerLimit: Fraction | undefined;
  movingRangeUpperLimit: Fraction | undefined;
  /** In order of where they start; at the same index an outside-limits point comes before a run. */
  signals: XmrSignal[];
}

const meanOf = (xs: readonly Fraction[]) => xs.reduce((sum, x) => sum.add(x), new Fraction(0)).div(xs.length);

/** Each maximal run of RUN_LENGTH or more points strictly above, or strictly below, the centre line. */
function runs(xs: readonly Fraction[], centre: Fraction): XmrSignal[] {
  const found: XmrSignal[] = [];
  let from = 0;
  for (let i = 1; i <= xs.length; i++) {
    const side = xs[from].compare(centre);
    // A run ends at the end of the data, at a point on the line, or where the side changes.
    if (i < xs.length && side !== 0 && xs[i].compare(centre) === side) continue;
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
  const charted: XmrPoint[] = points.map((p, i) =>
    i === 0 ? { x: p.x, label: p.label } : { x: p.x, label: p.label, movingRange: p.x.sub(xs[i - 1]).abs() },
  );
  const none = { meanMovingRange: undefined, upperLimit: undefined, lowerLimit: undefined };
  if (points.length === 0)
    return { points: [], centreLine: undefined, ...none, movingRangeUpperLimit: undefined, signals: [] };
  const centreLine = meanOf(xs);
  if (points.length < 2) return { points: charted, centreLine, ...none, movingRangeUpperLimit: undefined, signals: [] };

  const meanMovingRange = meanOf(charted.slice(1).map((p) => p.movingRange as Fraction));
  const spread = NATURAL_PROCESS_LIMIT_FACTOR.mul(meanMovingRange);
  const upperLimit = centreLine.add(spread);
  const belowCentre = centreLine.sub(spread);
  const lowerLimit = belowCentre.lt(0) ? new Fraction(0) : belowCentre;

  const outside: XmrSignal[] = [];
  xs.forEach((x, index) => {
    if (x.compare(upperLimit) > 0 || x.compare(lowerLimit) < 0) outside.push({ kind: 'outside-limits', index });
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
    movingRangeUpperLimit: MOVING_RANGE_LIMIT_FACTOR.mul(meanMovingRange),
    signals,
  };
}

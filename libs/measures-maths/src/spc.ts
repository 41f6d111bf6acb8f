import { Fraction } from './exact';
import { Direction, RuleOccurrence, SPC_RULES, SpcRule, specialCauses } from './spc-rules';
import { movingRanges, xmrLines, XmrLimits } from './xmr';

/**
 * A Making Data Count reading of an XmR chart (NHS England's conventions, decision 0016): the chart is cut into
 * segments at declared changes, each with limits of its own; the rules are applied within each segment; each point is
 * read as common cause or special cause improving or concerning; the chart's variation reading is its latest point's,
 * and with a target its assurance reading compares the latest segment's limits with it.
 */

export type SpcReading = 'improving' | 'concerning';
export type Variation = 'common-cause' | 'special-cause-improving' | 'special-cause-concerning';
export type Assurance = 'pass' | 'fail' | 'hit-and-miss';

/** Below this many points a segment's limits are trial limits (NHSRplotthedots warns below 12). */
export const TRIAL_LIMITS_BELOW = 12;

export interface SpcInput {
  x: Fraction;
  label: string;
}

export interface SpcOptions {
  /** Which way is better: 'down' for end-to-end time. */
  improvement: Direction;
  /** Indices (ascending, each from 1 to n − 1) where a new segment with limits of its own starts. */
  segmentStarts?: readonly number[];
  /** Optional target, in the points' unit: gives the assurance reading. */
  target?: Fraction;
}

export interface SpcSegment {
  /** Indices of its first and last points. */
  from: number;
  to: number;
  centreLine: Fraction;
  limits: XmrLimits | undefined;
  /** Limits from fewer than TRIAL_LIMITS_BELOW points (they move as points are added). */
  trialLimits: boolean;
}

export interface SpcPoint extends SpcInput {
  /** |xᵢ − xᵢ₋₁|; absent on a segment's first point (a range across a change belongs to neither system). */
  movingRange?: Fraction;
  /** The rules the point takes part in, in the order they decide its variation (the first wins). */
  rules: { rule: SpcRule; reading: SpcReading }[];
  /** Absent when its segment has no limits (a single point). */
  variation?: Variation;
}

export interface SpcChart {
  points: SpcPoint[];
  segments: SpcSegment[];
  /** The latest point's variation (Making Data Count's variation icon). */
  variation?: Variation;
  /** With a target and limits in the latest segment (the assurance icon). */
  assurance?: Assurance;
}

const readingOf = (direction: Direction, improvement: Direction): SpcReading =>
  direction === improvement ? 'improving' : 'concerning';

/** Rule order first; between two trends a point turns on, the later one (it starts there): the most recent wins. */
const byPrecedence = (a: RuleOccurrence, b: RuleOccurrence) =>
  SPC_RULES.indexOf(a.rule) - SPC_RULES.indexOf(b.rule) || b.points[0] - a.points[0];

function segmentBounds(n: number, starts: readonly number[]): { from: number; to: number }[] {
  starts.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 1 || s >= n || (i > 0 && s <= starts[i - 1])) {
      throw new RangeError(`segment starts must ascend within 1…${n - 1}, got ${starts.join(', ')}`);
    }
  });
  const firsts = [0, ...starts];
  return firsts.map((from, i) => ({ from, to: (firsts[i + 1] ?? n) - 1 }));
}

function assuranceOf(limits: XmrLimits, target: Fraction, improvement: Direction): Assurance {
  // A target on a limit is within reach of the process either way: hit and miss (NHSRplotthedots compares strictly).
  const [allBelow, allAbove]: Assurance[] = improvement === 'down' ? ['pass', 'fail'] : ['fail', 'pass'];
  if (limits.upperLimit.lt(target)) return allBelow;
  if (limits.lowerLimit.gt(target)) return allAbove;
  return 'hit-and-miss';
}

export function spcChart(input: readonly SpcInput[], options: SpcOptions): SpcChart {
  const bounds = input.length === 0 ? [] : segmentBounds(input.length, options.segmentStarts ?? []);
  const points: SpcPoint[] = input.map(({ x, label }) => ({ x, label, rules: [] }));
  const segments = bounds.map(({ from, to }): SpcSegment => {
    const xs = input.slice(from, to + 1).map((p) => p.x);
    const { centreLine, limits } = xmrLines(xs);
    movingRanges(xs).forEach((movingRange, i) => (points[from + i + 1].movingRange = movingRange));
    const occurrences = specialCauses(xs, centreLine, limits).sort(byPrecedence);
    xs.forEach((_, i) => {
      const point = points[from + i];
      for (const o of occurrences.filter((o) => o.points.includes(i))) {
        const entry = { rule: o.rule, reading: readingOf(o.direction, options.improvement) };
        if (!point.rules.some((r) => r.rule === entry.rule && r.reading === entry.reading)) point.rules.push(entry);
      }
      if (limits === undefined) return;
      const first = point.rules[0];
      point.variation = first === undefined ? 'common-cause' : `special-cause-${first.reading}`;
    });
    return { from, to, centreLine, limits, trialLimits: xs.length < TRIAL_LIMITS_BELOW };
  });

  const latest = segments.at(-1);
  const chart: SpcChart = { points, segments };
  const variation = points.at(-1)?.variation;
  if (variation !== undefined) chart.variation = variation;
  if (latest?.limits !== undefined && options.target !== undefined) {
    chart.assurance = assuranceOf(latest.limits, options.target, options.improvement);
  }
  return chart;
}

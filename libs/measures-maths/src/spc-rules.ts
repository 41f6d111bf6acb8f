import { Fraction } from './exact';
import type { XmrLimits } from './xmr';

/**
 * The Making Data Count rules for special cause variation, over one segment of an XmR chart (its points and the lines
 * worked out from them). Choices where the conventions leave room follow NHSRplotthedots, the NHS-R community's
 * implementation of the Making Data Count tools (decision 0016).
 */

/** In the order they decide a point's reading (NHSRplotthedots `ptd_special_cause_type`): the first one wins. */
export const SPC_RULES = ['outside-limits', 'trend', 'two-of-three', 'shift'] as const;
export type SpcRule = (typeof SPC_RULES)[number];

/** Which way a special cause points: to higher values (above the centre, rising) or to lower ones. */
export type Direction = 'up' | 'down';

/** One occurrence of a rule: the indices (within the segment) of the points that take part in it. */
export interface RuleOccurrence {
  rule: SpcRule;
  direction: Direction;
  points: number[];
}

/** A shift or a trend is this many points or more. */
export const RUN_LENGTH = 7;

const directionOf = (sign: number): Direction => (sign > 0 ? 'up' : 'down');
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Each maximal run of equal, non-zero signs: [from, to] inclusive. */
function runsOf(signs: readonly number[]): { sign: number; from: number; to: number }[] {
  const runs: { sign: number; from: number; to: number }[] = [];
  let from = 0;
  for (let i = 1; i <= signs.length; i++) {
    if (i < signs.length && signs[i] === signs[from]) continue;
    if (signs[from] !== 0) runs.push({ sign: signs[from], from, to: i - 1 });
    from = i;
  }
  return runs;
}

/** A point strictly above the upper limit or strictly below the lower one. */
export function outsideLimits(xs: readonly Fraction[], limits: XmrLimits): RuleOccurrence[] {
  return xs.flatMap((x, i): RuleOccurrence[] => {
    if (x.gt(limits.upperLimit)) return [{ rule: 'outside-limits', direction: 'up', points: [i] }];
    if (x.lt(limits.lowerLimit)) return [{ rule: 'outside-limits', direction: 'down', points: [i] }];
    return [];
  });
}

/** RUN_LENGTH or more consecutive points strictly on one side of the centre line; a point on the line breaks it. */
export function shifts(xs: readonly Fraction[], centreLine: Fraction): RuleOccurrence[] {
  return runsOf(xs.map((x) => x.compare(centreLine)))
    .filter((run) => run.to - run.from + 1 >= RUN_LENGTH)
    .map((run) => ({ rule: 'shift', direction: directionOf(run.sign), points: range(run.from, run.to) }));
}

/**
 * RUN_LENGTH or more consecutive points each strictly above (or each strictly below) the one before; a point equal
 * to the one before breaks it (NHSRplotthedots: `sign(diff(y))` must be all 1 or all −1). A rising and a falling
 * trend can share the point where they turn.
 */
export function trends(xs: readonly Fraction[]): RuleOccurrence[] {
  // steps[i] is the sign of x[i + 1] − x[i]; a run of RUN_LENGTH − 1 steps covers RUN_LENGTH points.
  const steps = xs.slice(1).map((x, i) => x.compare(xs[i]));
  return runsOf(steps)
    .filter((run) => run.to - run.from + 1 >= RUN_LENGTH - 1)
    .map((run) => ({ rule: 'trend', direction: directionOf(run.sign), points: range(run.from, run.to + 1) }));
}

/**
 * Three consecutive points strictly on one side of the centre line, two or more of them beyond that side's 2σ line
 * but not beyond its limit (a point beyond the limit is a signal of its own); those two or three take part
 * (NHSRplotthedots `ptd_two_in_three`).
 */
export function twoOfThree(xs: readonly Fraction[], centreLine: Fraction, limits: XmrLimits): RuleOccurrence[] {
  const near = (x: Fraction, side: number) =>
    side > 0
      ? x.gt(limits.upperTwoSigma) && x.lte(limits.upperLimit)
      : x.lt(limits.lowerTwoSigma) && x.gte(limits.lowerLimit);
  const found: RuleOccurrence[] = [];
  for (let i = 0; i + 2 < xs.length; i++) {
    const window = [i, i + 1, i + 2];
    const side = xs[i].compare(centreLine);
    if (side === 0 || window.some((j) => xs[j].compare(centreLine) !== side)) continue;
    const points = window.filter((j) => near(xs[j], side));
    if (points.length >= 2) found.push({ rule: 'two-of-three', direction: directionOf(side), points });
  }
  return found;
}

/** Every occurrence of every rule in one segment; a segment without limits (one point) has none. */
export function specialCauses(
  xs: readonly Fraction[],
  centreLine: Fraction,
  limits: XmrLimits | undefined,
): RuleOccurrence[] {
  if (limits === undefined) return [];
  return [
    ...outsideLimits(xs, limits),
    ...trends(xs),
    ...twoOfThree(xs, centreLine, limits),
    ...shifts(xs, centreLine),
  ];
}

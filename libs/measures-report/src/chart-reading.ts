import { Assurance, Fraction, roundExact, spcChart, SpcReading, SpcRule, Variation } from '@waymark/measures-maths';

/**
 * The Making Data Count reading of an end-to-end chart as published (docs/measures.md "Charts", decision 0016): the
 * maths of measures-maths over the charted points, with every number rounded to 2 decimals from its exact value.
 */

/** What a chart is asked for beyond its data (docs/measures.md, decision 0016). */
export interface ChartOptions {
  /**
   * YYYY-MM-DD, when the new system design started: the points of the periods (weeks, or closure groups' months)
   * that start on or after it begin a new segment, with limits of its own.
   */
  changeDate?: string;
  /** End-to-end days, positive, at most 2 decimals: gives the assurance reading. */
  target?: number;
}

export interface ChartSegment {
  /** Indices into `points` of the segment's first and last point. */
  from: number;
  to: number;
  centreLine: number;
  /** The rest are null in a segment of one point. */
  upperLimit: number | null;
  lowerLimit: number | null;
  upperTwoSigma: number | null;
  lowerTwoSigma: number | null;
  movingRangeUpperLimit: number | null;
  /** Limits from fewer than 12 points. */
  trialLimits: boolean;
}

export interface ChartPoint {
  label: string;
  x: number;
  /** Null on a segment's first point. */
  movingRange: number | null;
  /** In the order they decide `variation`: the first wins. */
  rules: { rule: SpcRule; reading: SpcReading }[];
  /** Null in a segment of one point (no limits). */
  variation: Variation | null;
}

/** End-to-end time: lower is better. */
const IMPROVEMENT = 'down';

export interface ChartReading {
  improvement: typeof IMPROVEMENT;
  changeDate: string | null;
  target: number | null;
  points: ChartPoint[];
  segments: ChartSegment[];
  /** The latest point's variation; null without points or when the latest segment has one point. */
  variation: Variation | null;
  /** With a target, against the latest segment's limits; null otherwise. */
  assurance: Assurance | null;
}

/** Every number is rounded from its exact value, after the limits and rules were worked out exactly. */
const show = (value: Fraction | undefined) => (value === undefined ? null : roundExact(value, 2));

/** A target of days with at most two decimals, exactly: 12.3 is 123/10, not the binary number nearest to it. */
function targetDays(target: number): Fraction {
  const hundredths = Math.round(target * 100);
  if (!(target > 0) || Math.abs(target * 100 - hundredths) > 1e-6) {
    throw new RangeError(`a target must be a positive number of days with at most 2 decimals, got ${target}`);
  }
  return new Fraction(hundredths, 100);
}

/** A charted point with the first day of the period it belongs to (its week, or its closure group's month). */
export interface Charted {
  label: string;
  x: Fraction;
  periodStart: string;
}

/**
 * The published reading of the charted points: a new segment from the first point whose period starts on or after
 * the change date (none when that is the first point or there is none), lower is better.
 */
export function reading(charted: readonly Charted[], { changeDate, target }: ChartOptions): ChartReading {
  if (changeDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(changeDate)) {
    throw new RangeError(`a change date must be YYYY-MM-DD, got ${changeDate}`);
  }
  const change = changeDate === undefined ? -1 : charted.findIndex((p) => p.periodStart >= changeDate);
  const chart = spcChart(charted, {
    improvement: IMPROVEMENT,
    segmentStarts: change > 0 ? [change] : [],
    target: target === undefined ? undefined : targetDays(target),
  });
  return {
    improvement: IMPROVEMENT,
    changeDate: changeDate ?? null,
    target: target ?? null,
    points: chart.points.map((p) => ({
      label: p.label,
      x: roundExact(p.x, 2),
      movingRange: show(p.movingRange),
      rules: p.rules,
      variation: p.variation ?? null,
    })),
    segments: chart.segments.map(({ from, to, centreLine, limits, trialLimits }) => ({
      from,
      to,
      centreLine: roundExact(centreLine, 2),
      upperLimit: show(limits?.upperLimit),
      lowerLimit: show(limits?.lowerLimit),
      upperTwoSigma: show(limits?.upperTwoSigma),
      lowerTwoSigma: show(limits?.lowerTwoSigma),
      movingRangeUpperLimit: show(limits?.movingRangeUpperLimit),
      trialLimits,
    })),
    variation: chart.variation ?? null,
    assurance: chart.assurance ?? null,
  };
}

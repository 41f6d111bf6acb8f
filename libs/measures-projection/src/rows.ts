import type { ClosureCount, ClosureFacts, ValueMeasure } from '@waymark/measures-maths';

/**
 * What the projection writes. Every row is keyed by the day that places it in a period, the provider it is
 * attributed to and the journey's area (docs/measures.md). No row says anything about a person.
 */

/**
 * Additive counters per day, provider, area and metric: summed by the store, never overwritten. `minutes` is the
 * work behind the count (contacts, assessments, help); the store keeps it by provider for the cost rates.
 */
export interface ActivityDelta {
  day: string;
  providerId: string;
  areaCode: string;
  metric: ActivityMetric;
  count: number;
  minutes: number;
}

export type ActivityMetric =
  | 'opened'
  | 'contact'
  | `failure.${string}`
  | 'assessment'
  | 'help'
  | 'referral'
  | 'referral.accepted'
  | 'referral.declined';

/**
 * One closed event and what followed it, placed like everything else; rewritten whole whenever its follow-up changes.
 * What it carries for the measures (ClosureFacts) is what the measure catalogue's populations are declared over.
 */
export interface ClosureRow extends ClosureFacts {
  journeyId: string;
  seq: number;
  day: string;
  closedAt: string;
  providerId: string;
  areaCode: string;
}

/**
 * The minutes behind sustained resolutions, by who did the work: cost per sustained resolution is
 * Σ minutes × the worker's rate at query time, so a rate change recomputes it.
 */
export interface SustainedMinutesDelta {
  day: string;
  providerId: string;
  areaCode: string;
  workerProviderId: string;
  minutes: number;
}

/** Closure counts per day, closing provider and area: added up by the store like activity. */
export type ClosureCountsDelta = { day: string; providerId: string; areaCode: string } & Record<ClosureCount, number>;

/**
 * One value joining (+1) or leaving (−1) a percentile's population, placed like its closure. The store keeps
 * count histograms of these, so a percentile needs only the few values around its position.
 */
export interface ValueDelta {
  day: string;
  providerId: string;
  areaCode: string;
  measure: ValueMeasure;
  value: number;
  count: number;
}

export interface Effects {
  activity: ActivityDelta[];
  closures: ClosureRow[];
  closureCounts: ClosureCountsDelta[];
  values: ValueDelta[];
  sustainedMinutes: SustainedMinutesDelta[];
}

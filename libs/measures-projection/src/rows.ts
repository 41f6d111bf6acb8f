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

export type FollowUp = 'pending' | 'sustained' | 'reopened';

/** One closed event and what followed it; rewritten whole whenever its follow-up changes. */
export interface ClosureRow {
  journeyId: string;
  seq: number;
  day: string;
  closedAt: string;
  providerId: string;
  areaCode: string;
  outcome: 'resolved' | 'unresolved';
  /** Only for resolved closures. */
  followUp: FollowUp | null;
  /** False once the journey has reopened after it. */
  final: boolean;
  endToEndMs: number;
  acceptedHandOffs: number;
  assessments: number;
  /** Opening to the first what-matters record; null when there was none. */
  whatMattersMs: number | null;
  /** Last minus first overall progress rating; null with fewer than two. */
  progressChange: number | null;
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

/** The counts closures add to their period; a closure row that changes takes its old self away first. */
export const CLOSURE_COUNTS = [
  'closures',
  'unresolved',
  'sustained',
  'reopened',
  'pending',
  'final',
  'acceptedHandOffs',
  'assessments',
  'repeatAssessed',
  'withWhatMatters',
  'rated',
] as const;
export type ClosureCount = (typeof CLOSURE_COUNTS)[number];

/** Closure counts per day, closing provider and area: added up by the store like activity. */
export type ClosureCountsDelta = { day: string; providerId: string; areaCode: string } & Record<ClosureCount, number>;

/** The closure values whose percentiles are published. */
export const VALUE_MEASURES = ['end_to_end_ms', 'what_matters_ms', 'progress_change'] as const;
export type ValueMeasure = (typeof VALUE_MEASURES)[number];

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

/**
 * What the projection writes. Every row is keyed by the day that places it in a period, the provider it is
 * attributed to and the journey's area (docs/measures.md). No row says anything about a person.
 */

/**
 * Additive counters per day, provider, area and metric: summed by the store, never overwritten. Closures are
 * counted from their own rows.
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

export interface Effects {
  activity: ActivityDelta[];
  closures: ClosureRow[];
  sustainedMinutes: SustainedMinutesDelta[];
}

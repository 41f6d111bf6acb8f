/** What the store reads for one period (bucket): sums and statistics only, never a row per journey. */
export interface PeriodAggregates {
  /** Activity counts by metric (opened, contact, failure.<reason>, assessment, help, referral…), providers summed. */
  activity: Readonly<Record<string, number>>;
  /** Minutes of the period's contacts, assessments and help, by the provider that did the work (for its rate). */
  workMinutes: ProviderMinutes[];
  closures: ClosureTotals;
  /** Minutes behind the period's sustained resolutions, by the provider that recorded them. */
  sustainedMinutes: ProviderMinutes[];
}

export interface ProviderMinutes {
  providerId: string;
  minutes: number;
}

/**
 * The two sorted values around a percentile's position (type 7, see percentilePosition), from which the store's
 * caller works the percentile out exactly; `upper` is null when the position is the last value.
 */
export interface Neighbours {
  lower: number;
  upper: number | null;
}

export interface ClosureTotals {
  closures: number;
  unresolved: number;
  sustained: number;
  reopened: number;
  pending: number;
  final: number;
  acceptedHandOffs: number;
  assessments: number;
  repeatAssessed: number;
  withWhatMatters: number;
  /** Milliseconds from opening to the first what-matters record. */
  whatMattersMedian: Neighbours | null;
  rated: number;
  progressMedian: Neighbours | null;
  /** Milliseconds from opening to the sustained closure. */
  endToEndMedian: Neighbours | null;
  endToEndP85: Neighbours | null;
}

export const NO_CLOSURES: ClosureTotals = {
  closures: 0,
  unresolved: 0,
  sustained: 0,
  reopened: 0,
  pending: 0,
  final: 0,
  acceptedHandOffs: 0,
  assessments: 0,
  repeatAssessed: 0,
  withWhatMatters: 0,
  whatMattersMedian: null,
  rated: 0,
  progressMedian: null,
  endToEndMedian: null,
  endToEndP85: null,
};

export const EMPTY_PERIOD: PeriodAggregates = {
  activity: {},
  workMinutes: [],
  closures: NO_CLOSURES,
  sustainedMinutes: [],
};

/** Hourly rates in pence (integers, so costs sum exactly), by provider. */
export type CostRatesPence = ReadonlyMap<string, number>;

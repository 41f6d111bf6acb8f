/** What the store reads for one period (bucket): sums and statistics only, never a row per journey. */
export interface PeriodAggregates {
  /** Counts and minutes per activity metric and provider (the provider is needed to apply its cost rate). */
  activity: ActivityTotal[];
  closures: ClosureTotals;
  /** Minutes behind the period's sustained resolutions, by the provider that recorded them. */
  sustainedMinutes: { workerProviderId: string; minutes: number }[];
}

export interface ActivityTotal {
  metric: string;
  providerId: string;
  count: number;
  minutes: number;
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
  whatMattersMedianMs: number | null;
  rated: number;
  progressMedianChange: number | null;
  endToEndMedianMs: number | null;
  endToEndP85Ms: number | null;
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
  whatMattersMedianMs: null,
  rated: 0,
  progressMedianChange: null,
  endToEndMedianMs: null,
  endToEndP85Ms: null,
};

export const EMPTY_PERIOD: PeriodAggregates = { activity: [], closures: NO_CLOSURES, sustainedMinutes: [] };

/** Hourly rates in pence (integers, so costs sum exactly), by provider. */
export type CostRatesPence = ReadonlyMap<string, number>;

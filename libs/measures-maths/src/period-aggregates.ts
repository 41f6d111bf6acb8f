import { CLOSURE_COUNT_NAMES, PERCENTILE_NAMES, type ClosureCount, type PercentileName } from './catalogue';

/** What the store reads for one period: sums and statistics only, never a row per journey. */
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

/** A period's closure counts (CLOSURE_COUNTS) and its percentiles' neighbours (PERCENTILES; null without values). */
export type ClosureTotals = Record<ClosureCount, number> & Record<PercentileName, Neighbours | null>;

export const NO_CLOSURES: ClosureTotals = {
  ...(Object.fromEntries(CLOSURE_COUNT_NAMES.map((name) => [name, 0])) as Record<ClosureCount, number>),
  ...(Object.fromEntries(PERCENTILE_NAMES.map((name) => [name, null])) as Record<PercentileName, null>),
};

export const EMPTY_PERIOD: PeriodAggregates = {
  activity: {},
  workMinutes: [],
  closures: NO_CLOSURES,
  sustainedMinutes: [],
};

/** Hourly rates in pence (integers, so costs sum exactly), by provider. */
export type CostRatesPence = ReadonlyMap<string, number>;

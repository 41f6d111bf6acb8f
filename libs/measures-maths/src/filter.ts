import { CalendarUnit, Period, periodsBetween } from './calendar';

/** How a range can be split: the commissioners' API publishes whole weeks and months only; `none` is one sum. */
export type Grouping = 'none' | CalendarUnit;

/**
 * The periods figures are published for (decision 0013): whole ISO weeks and whole calendar months, each on its own.
 * A range of a few days, or a sum of periods, would let two answers be subtracted down to a day or a week.
 */
export const PUBLISHED_PERIODS = ['week', 'month'] as const satisfies readonly CalendarUnit[];
export type PublishedPeriod = (typeof PUBLISHED_PERIODS)[number];

/** The longest range one request may ask for: enough for a pilot's whole life, small enough to answer quickly. */
export const MAX_RANGE_DAYS = 3 * 366;

/**
 * What the measures are read for (docs/measures.md): local dates `from` … `to` (both inclusive), optionally one
 * provider and one area, split by `groupBy`. The measures libraries' own type: HTTP queries are parsed into it by
 * the apps that take them.
 */
export interface MeasuresFilter {
  from: string;
  to: string;
  provider?: string;
  area?: string;
  groupBy: Grouping;
}

/** Every period of the filter's range in order, empty ones included; one period from `from` when not grouped. */
export function periodsOf({ from, to, groupBy }: Pick<MeasuresFilter, 'from' | 'to' | 'groupBy'>): Period[] {
  return groupBy === 'none' ? [{ bucket: from, start: from, end: to }] : periodsBetween(from, to, groupBy);
}

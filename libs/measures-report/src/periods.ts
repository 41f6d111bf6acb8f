import type { MeasuresFilter } from './filter';

export interface Period {
  /** The key the store groups by: the week's Monday, the month's first day, or `from` when not grouped. */
  bucket: string;
  /** Clipped to the filter. */
  start: string;
  end: string;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number) => iso(Date.parse(date) + days * DAY_MS);

/** The start of the week (Monday) or month a date falls in; dates are calendar dates, so UTC arithmetic is exact. */
export function bucketOf(date: string, groupBy: 'week' | 'month'): string {
  if (groupBy === 'month') return `${date.slice(0, 8)}01`;
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** The start of the next week or month. */
export function nextBucket(bucket: string, groupBy: 'week' | 'month'): string {
  if (groupBy === 'week') return addDays(bucket, 7);
  const d = new Date(bucket);
  return iso(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Every period of the filter's range in order, empty ones included. */
export function periodsOf({ from, to, groupBy }: Pick<MeasuresFilter, 'from' | 'to' | 'groupBy'>): Period[] {
  if (groupBy === 'none') return [{ bucket: from, start: from, end: to }];
  const periods: Period[] = [];
  for (let bucket = bucketOf(from, groupBy); bucket <= to; bucket = nextBucket(bucket, groupBy)) {
    const end = addDays(nextBucket(bucket, groupBy), -1);
    periods.push({ bucket, start: bucket < from ? from : bucket, end: end > to ? to : end });
  }
  return periods;
}

/**
 * Calendar arithmetic for the filter: dates are calendar dates (YYYY-MM-DD), so UTC arithmetic on them is exact.
 * Figures are published for whole calendar months and whole ISO weeks (Monday to Sunday) only (decision 0013).
 */
import { addDays, bucketOf, nextBucket, type PublishedPeriod } from '@waymark/measures-report';

export type PeriodKind = PublishedPeriod;
export { addDays };

const DAY_MS = 86_400_000;
export const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** The first day of the week (Monday) or month a date falls in. */
export const startOf = (date: string, kind: PeriodKind) => bucketOf(date, kind);

/** The last day of the week (Sunday) or month a date falls in. */
export const endOf = (date: string, kind: PeriodKind) => addDays(nextBucket(bucketOf(date, kind), kind), -1);

/** The first day of the month `months` after (or before) the month of `date`. */
export function addMonths(date: string, months: number): string {
  let month = startOf(date, 'month');
  for (let i = 0; i < Math.abs(months); i++)
    month = months > 0 ? nextBucket(month, 'month') : startOf(addDays(month, -1), 'month');
  return month;
}

/** The Monday of ISO week `week` of ISO year `year`, or undefined if that year has no such week. */
export function isoWeekMonday(year: number, week: number): string | undefined {
  const jan4 = `${String(year).padStart(4, '0')}-01-04`; // always in week 1
  const monday = addDays(startOf(jan4, 'week'), (week - 1) * 7);
  return week >= 1 && isoWeekOf(monday) === `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`
    ? monday
    : undefined;
}

/** `YYYY-Www`: the ISO week a date falls in (its year is the year of that week's Thursday). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(startOf(date, 'week'), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How a period is named in tables: `Mar 2026`, or `Week of 2 Mar 2026`. */
export function periodLabel(start: string, kind: PeriodKind): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return kind === 'month' ? `${MONTHS[m - 1]} ${y}` : `Week of ${d} ${MONTHS[m - 1]} ${y}`;
}

/** A short name for a chart's axis: `Mar 2026`, or `2 Mar`. */
export function periodTick(start: string, kind: PeriodKind): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return kind === 'month' ? `${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]}`;
}

/** A date in words: `2 March 2026`. */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${d} ${month} ${y}`;
}

/** Today's date in the pilot's time zone, which decides what "this month" and "this week" are. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** An instant in words, in the pilot's time zone: `31 March 2026 at 10:05`. */
export function longInstant(instant: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(instant));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')} ${part('month')} ${part('year')} at ${part('hour')}:${part('minute')}`;
}

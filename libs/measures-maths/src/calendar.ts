/**
 * The pilot's calendar, the one place measures place things in days, ISO weeks and months (docs/measures.md).
 * Instants become local dates in the pilot's time zone; from then on dates are calendar dates (YYYY-MM-DD), so
 * UTC arithmetic on them is exact whatever the zone's clock changes.
 */

export const HOUR_MS = 60 * 60 * 1000;
export const DAY_MS = 24 * HOUR_MS;

/** Measures count by local date, so "March" means March where the pilot runs. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The local calendar date (YYYY-MM-DD) of an instant in a time zone. Throws a RangeError rather than return another
 * shape: en-CA writes years before 1000 without leading zeros (`50-06-01`), which PostgreSQL refuses as a date.
 */
export function localDate(instant: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  const date = format.format(typeof instant === 'string' ? new Date(instant) : instant);
  if (!YYYY_MM_DD.test(date)) throw new RangeError(`${String(instant)} has no four-digit local date (${date})`);
  return date;
}

/** Throws a RangeError for a zone the runtime does not know, so a bad setting fails at start-up. */
export function checkTimeZone(timeZone: string): void {
  localDate(new Date(0), timeZone);
}

const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (date: string, days: number) => dateOf(Date.parse(date) + days * DAY_MS);

/** Whole days from one date to another; negative when `to` is earlier. */
export const daysBetweenDates = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / DAY_MS;

/** The two periods figures are published for (decision 0013): ISO weeks (Monday to Sunday) and calendar months. */
export type CalendarUnit = 'week' | 'month';

/** The first day of the week (its Monday) or month a date falls in. */
export function startOf(date: string, unit: CalendarUnit): string {
  if (unit === 'month') return `${date.slice(0, 8)}01`;
  const weekday = (new Date(date).getUTCDay() + 6) % 7; // Monday = 0
  return addDays(date, -weekday);
}

/** The first day of the week or month after the one that starts on `start`. */
export function nextStart(start: string, unit: CalendarUnit): string {
  if (unit === 'week') return addDays(start, 7);
  const d = new Date(start);
  return dateOf(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** The last day of the week (its Sunday) or month a date falls in. */
export const endOf = (date: string, unit: CalendarUnit) => addDays(nextStart(startOf(date, unit), unit), -1);

/** One week or month of a range: `bucket` is its first day (the key the store groups by), clipped to the range. */
export interface Period {
  bucket: string;
  start: string;
  end: string;
}

/** Every week or month a range touches, in order, empty ones included, clipped to the range. */
export function periodsBetween(from: string, to: string, unit: CalendarUnit): Period[] {
  const periods: Period[] = [];
  for (let bucket = startOf(from, unit); bucket <= to; bucket = nextStart(bucket, unit)) {
    const end = addDays(nextStart(bucket, unit), -1);
    periods.push({ bucket, start: bucket < from ? from : bucket, end: end > to ? to : end });
  }
  return periods;
}

/** `YYYY-Www`: the ISO week a date falls in (its year is the year of that week's Thursday). */
export function isoWeekOf(date: string): string {
  const thursday = addDays(startOf(date, 'week'), 3);
  const year = thursday.slice(0, 4);
  const week = Math.floor(daysBetweenDates(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The Monday of ISO week `week` of ISO year `year`, or undefined if that year has no such week. */
export function isoWeekMonday(year: number, week: number): string | undefined {
  const yyyy = String(year).padStart(4, '0');
  const monday = addDays(startOf(`${yyyy}-01-04`, 'week'), (week - 1) * 7); // 4 January is always in week 1
  return week >= 1 && isoWeekOf(monday) === `${yyyy}-W${String(week).padStart(2, '0')}` ? monday : undefined;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The pilot's calendar: measures count by local date, so "March" means March where the service runs. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

const YYYY_MM_DD = /^\d{4}-\d{2}-\d{2}$/;

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

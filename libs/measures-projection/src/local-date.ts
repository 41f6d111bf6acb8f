const formatters = new Map<string, Intl.DateTimeFormat>();

/** The pilot's calendar: measures count by local date, so "March" means March where the service runs. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/** The local calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(instant: string | Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  let format = formatters.get(timeZone);
  if (!format) {
    // en-CA formats dates as YYYY-MM-DD.
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** Throws a RangeError for a zone the runtime does not know, so a bad setting fails at start-up. */
export function checkTimeZone(timeZone: string): void {
  localDate(new Date(0), timeZone);
}

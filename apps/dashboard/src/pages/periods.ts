/**
 * How the dashboard names and steps through periods. The calendar itself (dates, ISO weeks, months, today in the
 * pilot's time zone) is measures-maths'; figures are published for whole months and ISO weeks only (decision 0013).
 */
import { addDays, nextStart, startOf, type PublishedPeriod } from '@waymark/measures-maths';

/** The first day of the month `months` after (or before) the month of `date`. */
export function addMonths(date: string, months: number): string {
  let month = startOf(date, 'month');
  for (let i = 0; i < Math.abs(months); i++)
    month = months > 0 ? nextStart(month, 'month') : startOf(addDays(month, -1), 'month');
  return month;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** How a period is named in tables: `Mar 2026`, or `Week of 2 Mar 2026`. */
export function periodLabel(start: string, kind: PublishedPeriod): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return kind === 'month' ? `${MONTHS[m - 1]} ${y}` : `Week of ${d} ${MONTHS[m - 1]} ${y}`;
}

/** A short name for a chart's axis: `Mar 2026`, or `2 Mar`. */
export function periodTick(start: string, kind: PublishedPeriod): string {
  const [y, m, d] = start.split('-').map(Number) as [number, number, number];
  return kind === 'month' ? `${MONTHS[m - 1]} ${y}` : `${d} ${MONTHS[m - 1]}`;
}

/** A date in words: `2 March 2026`. */
export function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const month = new Date(Date.UTC(y, m - 1, 1)).toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' });
  return `${d} ${month} ${y}`;
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

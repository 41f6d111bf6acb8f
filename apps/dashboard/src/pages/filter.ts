import { areaCode, providerId } from '@waymark/event-contracts';
import {
  addDays,
  daysBetweenDates,
  endOf,
  isoWeekMonday,
  isoWeekOf,
  MAX_RANGE_DAYS,
  startOf,
  type PublishedPeriod as PeriodKind,
} from '@waymark/measures-maths';
import { addMonths } from './periods';

/** What a page reads for: whole months or whole ISO weeks, optionally one provider and one area. */
export interface DashboardFilter {
  groupBy: PeriodKind;
  from: string;
  to: string;
  provider?: string;
  area?: string;
}

/** The filter form's fields as the page shows them (and as its URL carries them). */
export interface FilterForm {
  period: PeriodKind;
  from: string;
  to: string;
  provider: string;
  area: string;
}

/** One field the commissioner has to correct: GOV.UK's error summary and error message take these. */
export interface FieldError {
  field: string;
  text: string;
}

export type FilterReading =
  | { ok: true; filter: DashboardFilter; form: FilterForm }
  | { ok: false; form: FilterForm; errors: FieldError[] };

/** How many months or weeks a page shows when nothing is chosen: the last twelve months, or thirteen weeks. */
const DEFAULT_SPAN = { month: 12, week: 13 };

const MONTH = /^(\d{4})-(\d{2})$/;
const WEEK = /^(\d{4})-W(\d{2})$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const FORMATS = 'a month (2026-01), an ISO week (2026-W05) or a date (2026-01-15)';

/** A query value as one trimmed string ('' when absent or repeated). */
export const single = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

/**
 * The filter a page's URL asks for, widened to whole published periods: a month, an ISO week or any date stands for
 * the whole month or week it falls in (`from` its first day, `to` its last), so a bookmarked or hand-typed URL works
 * while only whole periods are ever read. Without dates, the last twelve months (or thirteen weeks) to `today`'s.
 */
export function readFilter(query: Record<string, unknown>, today: string): FilterReading {
  const period: PeriodKind = single(query['period']) === 'week' ? 'week' : 'month';
  const entered = {
    from: single(query['from']),
    to: single(query['to']),
    provider: single(query['provider']),
    area: single(query['area']),
  };
  const errors: FieldError[] = [];
  const to = entered.to === '' ? endOf(today, period) : bound(entered.to, 'to', period);
  const from =
    entered.from === '' ? defaultFrom(to ?? endOf(today, period), period) : bound(entered.from, 'from', period);
  if (from === undefined) errors.push({ field: 'from', text: `Enter the first period as ${FORMATS}` });
  if (to === undefined) errors.push({ field: 'to', text: `Enter the last period as ${FORMATS}` });
  if (from !== undefined && to !== undefined) {
    if (to < from) errors.push({ field: 'to', text: 'The last period must not be before the first' });
    else if (daysBetweenDates(from, to) >= MAX_RANGE_DAYS) {
      errors.push({ field: 'to', text: 'Choose at most 3 years of figures at a time' });
    }
  }
  if (entered.provider !== '' && !providerId.safeParse(entered.provider).success) {
    errors.push({ field: 'provider', text: 'Enter a provider id of lower-case letters, digits and hyphens' });
  }
  if (entered.area !== '' && !areaCode.safeParse(entered.area).success) {
    errors.push({ field: 'area', text: 'Enter an area code of capital letters, digits and hyphens' });
  }
  if (errors.length > 0 || from === undefined || to === undefined) {
    return { ok: false, form: { period, ...entered }, errors };
  }
  const filter: DashboardFilter = {
    groupBy: period,
    from,
    to,
    ...(entered.provider && { provider: entered.provider }),
    ...(entered.area && { area: entered.area }),
  };
  return { ok: true, filter, form: formOf(filter) };
}

/** The form's fields for a filter: months as YYYY-MM, weeks as YYYY-Www. */
export function formOf(filter: DashboardFilter): FilterForm {
  const name = (date: string) => (filter.groupBy === 'month' ? date.slice(0, 7) : isoWeekOf(date));
  return {
    period: filter.groupBy,
    from: name(filter.from),
    to: name(filter.to),
    provider: filter.provider ?? '',
    area: filter.area ?? '',
  };
}

/** The query string that carries a filter from page to page (and into bookmarks). */
export function filterQuery(form: FilterForm): string {
  const params = new URLSearchParams({ period: form.period, from: form.from, to: form.to });
  if (form.provider) params.set('provider', form.provider);
  if (form.area) params.set('area', form.area);
  return params.toString();
}

function defaultFrom(to: string, period: PeriodKind): string {
  return period === 'month'
    ? addMonths(to, -(DEFAULT_SPAN.month - 1))
    : addDays(startOf(to, 'week'), -7 * (DEFAULT_SPAN.week - 1));
}

/** The first (`from`) or last (`to`) day of the whole period a month, week or date names. */
function bound(text: string, side: 'from' | 'to', period: PeriodKind): string | undefined {
  const date = dateOf(text, side);
  if (date === undefined) return undefined;
  return side === 'from' ? startOf(date, period) : endOf(date, period);
}

/** Years the projections can place (decision 0011: from 1970, before 9999). */
const inRange = (text: string) => Number(text.slice(0, 4)) >= 1970 && Number(text.slice(0, 4)) <= 9998;

function dateOf(text: string, side: 'from' | 'to'): string | undefined {
  if (!inRange(text)) return undefined;
  const month = MONTH.exec(text);
  if (month) {
    const m = Number(month[2]);
    if (m < 1 || m > 12) return undefined;
    const first = `${month[1]}-${month[2]}-01`;
    return side === 'from' ? first : endOf(first, 'month');
  }
  const week = WEEK.exec(text);
  if (week) {
    const monday = isoWeekMonday(Number(week[1]), Number(week[2]));
    return monday === undefined || side === 'from' ? monday : addDays(monday, 6);
  }
  if (!DATE.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? undefined : text;
}

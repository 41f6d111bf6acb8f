import { areaCode, providerId } from '@waymark/event-contracts';
import {
  addDays,
  daysBetweenDates,
  MAX_RANGE_DAYS,
  PUBLISHED_PERIODS,
  startOf,
  type PublishedPeriod,
} from '@waymark/measures-maths';
import { CHART_BY, DEFAULT_CHART_LIMIT, MAX_CHART_LIMIT } from '@waymark/measures-report';
import { z } from 'zod';

/**
 * The commissioners' API's query parameters (docs/measures.md), validated and parsed into the measures libraries'
 * own filter (MeasuresFilter) and chart request: the HTTP shape is this app's, as list-query.ts is journey-api's.
 */

const calendarDate = z.iso.date('must be a calendar date, YYYY-MM-DD');

/** What every commissioners' query is filtered by (docs/measures.md): inclusive local dates, one provider, one area. */
const filterFields = {
  from: calendarDate,
  to: calendarDate,
  provider: providerId.optional(),
  area: areaCode.optional(),
};

const FIRST_DAY = { week: 'must be a Monday, the first day of an ISO week', month: 'must be the first day of a month' };
const LAST_DAY = { week: 'must be a Sunday, the last day of an ISO week', month: 'must be the last day of a month' };
const WHOLE = ' (figures are published for whole periods only)';

/** `from` and `to` in order, not too far apart, and on the edges of whole periods of `unit`. */
function checkRange(f: { from: string; to: string }, unit: PublishedPeriod, ctx: z.RefinementCtx): void {
  // zod runs refinements even when a field failed; a bad date is already reported.
  if (![f.from, f.to].every((d) => calendarDate.safeParse(d).success)) return;
  const days = daysBetweenDates(f.from, f.to);
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (days >= MAX_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be less than ${MAX_RANGE_DAYS} days after from` });
  }
  if (startOf(f.from, unit) !== f.from)
    ctx.addIssue({ code: 'custom', path: ['from'], message: FIRST_DAY[unit] + WHOLE });
  if (startOf(addDays(f.to, 1), unit) !== addDays(f.to, 1)) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: LAST_DAY[unit] + WHOLE });
  }
}

/** `GET /v1/measures`: the figures table for each whole week or month of the range, as JSON or CSV. */
export const measuresQuery = z
  .object({
    ...filterFields,
    groupBy: z.enum(PUBLISHED_PERIODS).default('month'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine((f, ctx) => {
    // An unknown `groupBy` is reported on its own; the range cannot be checked against it.
    if (PUBLISHED_PERIODS.includes(f.groupBy)) checkRange(f, f.groupBy, ctx);
  });

/** A chart's target: end-to-end days as written, positive, with no more decimals than the chart publishes. */
const targetDays = z
  .string()
  .regex(/^\d{1,4}(\.\d{1,2})?$/, 'must be a number of days under 10000 with at most 2 decimals, such as 28 or 28.5')
  .transform(Number)
  .refine((days) => days > 0, 'must be more than 0 days')
  .describe('Target end-to-end days (lower is better): gives the assurance reading');

/**
 * `GET /v1/measures/end-to-end-days/xmr`: by week over whole weeks, by closure group over whole months; optionally
 * a change date (limits recalculated from it) and a target (decision 0016).
 */
export const chartQuery = z
  .object({
    ...filterFields,
    by: z.enum(CHART_BY),
    limit: z.coerce.number().int().min(2).max(MAX_CHART_LIMIT).default(DEFAULT_CHART_LIMIT),
    changeDate: calendarDate
      .optional()
      .describe('When the new system design started: limits are recalculated from the first period starting then'),
    target: targetDays.optional(),
  })
  .strict()
  .superRefine((f, ctx) => {
    // An unknown `by` is reported on its own; its range cannot be checked against a period.
    if (CHART_BY.includes(f.by)) checkRange(f, f.by === 'week' ? 'week' : 'month', ctx);
    const { changeDate } = f;
    const dates = [f.from, f.to, changeDate].map((d) => calendarDate.safeParse(d).success);
    if (changeDate !== undefined && dates.every(Boolean) && (changeDate < f.from || changeDate > f.to)) {
      ctx.addIssue({ code: 'custom', path: ['changeDate'], message: 'must be within the range, from … to' });
    }
  });

export type MeasuresQuery = z.output<typeof measuresQuery>;
export type ChartQuery = z.output<typeof chartQuery>;

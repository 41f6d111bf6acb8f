import { areaCode, providerId } from '@waymark/event-contracts';
import { z } from 'zod';
import { CHART_BY, DEFAULT_CHART_LIMIT, MAX_CHART_LIMIT } from './chart';

export const GROUPINGS = ['none', 'week', 'month'] as const;
export type Grouping = (typeof GROUPINGS)[number];

/** The longest range one request may ask for: enough for a pilot's whole life, small enough to answer quickly. */
export const MAX_RANGE_DAYS = 3 * 366;

const DAY_MS = 86_400_000;

const calendarDate = z.iso.date('must be a calendar date, YYYY-MM-DD');

/** What every commissioners' query is filtered by (docs/measures.md): inclusive local dates, one provider, one area. */
const filterFields = {
  from: calendarDate,
  to: calendarDate,
  provider: providerId.optional(),
  area: areaCode.optional(),
};

function checkRange(f: { from: string; to: string }, ctx: z.RefinementCtx): void {
  // zod runs refinements even when a field failed; a bad date is already reported.
  if (![f.from, f.to].every((d) => calendarDate.safeParse(d).success)) return;
  const days = (Date.parse(f.to) - Date.parse(f.from)) / DAY_MS;
  if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  else if (days >= MAX_RANGE_DAYS) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be less than ${MAX_RANGE_DAYS} days after from` });
  }
}

/** `GET /v1/measures`: the figures table, as JSON or CSV. */
export const measuresQuery = z
  .object({
    ...filterFields,
    groupBy: z.enum(GROUPINGS).default('none'),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict()
  .superRefine(checkRange);

/** `GET /v1/measures/end-to-end-days/xmr`. */
export const chartQuery = z
  .object({
    ...filterFields,
    by: z.enum(CHART_BY),
    limit: z.coerce.number().int().min(2).max(MAX_CHART_LIMIT).default(DEFAULT_CHART_LIMIT),
  })
  .strict()
  .superRefine(checkRange);

export type MeasuresQuery = z.output<typeof measuresQuery>;
export type ChartQuery = z.output<typeof chartQuery>;
export type MeasuresFilter = Pick<MeasuresQuery, 'from' | 'to' | 'provider' | 'area' | 'groupBy'>;

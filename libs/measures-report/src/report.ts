import {
  EMPTY_PERIOD,
  periodsOf,
  smallestShownCount,
  type MeasuresFilter,
  type PeriodAggregates,
} from '@waymark/measures-maths';
import { Figure, FigureContext, FIGURES } from './figures';

export interface MeasuresReport {
  filter: {
    from: string;
    to: string;
    provider: string | null;
    area: string | null;
    groupBy: MeasuresFilter['groupBy'];
  };
  disclosureThreshold: number;
  /** The smallest count shown (decision 0013): every withheld count is below it; shown ones are bands of 5. */
  smallestShownCount: number;
  periods: { start: string; end: string; figures: Record<string, Figure> }[];
}

/** Turns the store's aggregates (keyed by period bucket) into the published, disclosure-controlled figures. */
export function buildReport(
  filter: MeasuresFilter,
  aggregates: ReadonlyMap<string, PeriodAggregates>,
  context: FigureContext,
): MeasuresReport {
  return {
    filter: {
      from: filter.from,
      to: filter.to,
      provider: filter.provider ?? null,
      area: filter.area ?? null,
      groupBy: filter.groupBy,
    },
    disclosureThreshold: context.threshold,
    smallestShownCount: smallestShownCount(context.threshold),
    periods: periodsOf(filter).map(({ bucket, start, end }) => {
      const period = aggregates.get(bucket) ?? EMPTY_PERIOD;
      return {
        start,
        end,
        figures: Object.fromEntries(FIGURES.map(([id, compute]) => [id, compute(period, context)])),
      };
    }),
  };
}

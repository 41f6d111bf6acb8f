import type { OnModuleDestroy } from '@nestjs/common';
import { closureGroupSize, smallestShownCount, type PublishedPeriod } from '@waymark/measures-maths';
import {
  buildReport,
  ChartBy,
  ChartOptions,
  closureGroupChart,
  EndToEndChart,
  MeasuresReport,
  weeklyChart,
} from '@waymark/measures-report';
import type { MeasuresQueries, ReadAdmission, Watermark } from '@waymark/measures-store';

/** A filter of whole published periods (decision 0013), as the commissioners' API and the dashboard take it. */
export interface FiguresFilter {
  from: string;
  to: string;
  provider?: string;
  area?: string;
  groupBy: PublishedPeriod;
}

/** How current the figures are: the newest event applied and when the projections last changed. */
export interface Freshness {
  lastEventRecordedAt: string | null;
  lastAppliedAt: string | null;
}

/** Every figure of each whole period of the filter, under disclosure control, with how fresh it is. */
export type FiguresAnswer = MeasuresReport & { freshness: Freshness };

/** What an XmR chart can be asked for beyond its filter (Making Data Count): a change date and a target. */
export type ChartReadings = ChartOptions;
/** An end-to-end chart: by week over whole weeks, by closure group over whole months (the latest `limit`). */
export interface ChartRequest extends ChartReadings {
  from: string;
  to: string;
  provider?: string;
  area?: string;
  by: ChartBy;
  limit: number;
}

/** The end-to-end XmR chart of the filter, as the commissioners' API publishes it. */
export type ChartAnswer = {
  filter: { from: string; to: string; provider: string | null; area: string | null };
  disclosureThreshold: number;
  smallestShownCount: number;
  freshness: Freshness;
} & EndToEndChart;

type Queries = Pick<MeasuresQueries, 'periods' | 'weeklyEndToEnd' | 'recentClosureGroups'>;

/**
 * The commissioners' reading use case, the one path from the projections to published figures: reads through
 * MeasuresQueries (one snapshot per answer, let in by the ReadAdmission with every connection it needs), then the
 * disclosure-controlled report or chart of measures-report at the configured threshold, with the cost rates and
 * freshness of the same snapshot. measures-service's JSON API and the dashboard both answer from here, so both
 * publish exactly the same figures.
 */
export class MeasuresReading implements OnModuleDestroy {
  constructor(
    private readonly queries: Queries,
    readonly admission: ReadAdmission,
    readonly threshold: number,
  ) {}

  async figures(filter: FiguresFilter): Promise<FiguresAnswer> {
    const { periods, ratesInPence, watermark } = await this.queries.periods(filter);
    const report = buildReport(filter, periods, { threshold: this.threshold, rates: ratesInPence });
    return { ...report, freshness: freshnessOf(watermark) };
  }

  async endToEndChart(request: ChartRequest): Promise<ChartAnswer> {
    const { by, limit, changeDate, target, ...filter } = request;
    const { chart, watermark } = await this.chartOf(by, limit, filter, { changeDate, target });
    return {
      filter: { ...filter, provider: filter.provider ?? null, area: filter.area ?? null },
      disclosureThreshold: this.threshold,
      smallestShownCount: smallestShownCount(this.threshold),
      ...chart,
      freshness: freshnessOf(watermark),
    };
  }

  /** Refuses waiting reads at once and every later one, so shutdown is not held up by a queue. */
  onModuleDestroy(): void {
    this.admission.close();
  }

  private async chartOf(
    by: ChartBy,
    limit: number,
    filter: Omit<ChartRequest, 'by' | 'limit' | keyof ChartOptions>,
    options: ChartOptions,
  ): Promise<{ chart: EndToEndChart; watermark: Watermark }> {
    if (by === 'week') {
      const { weeks, watermark } = await this.queries.weeklyEndToEnd({ ...filter, groupBy: 'week' });
      return { chart: weeklyChart(filter, weeks, this.threshold, options), watermark };
    }
    const { sustainedByMonth, groups, watermark } = await this.queries.recentClosureGroups(
      { ...filter, groupBy: 'month' },
      closureGroupSize(this.threshold),
      limit,
    );
    return { chart: closureGroupChart(filter, sustainedByMonth, groups, this.threshold, limit, options), watermark };
  }
}

export function freshnessOf({ lastRecordedAt, lastAppliedAt }: Watermark): Freshness {
  return {
    lastEventRecordedAt: lastRecordedAt?.toISOString() ?? null,
    lastAppliedAt: lastAppliedAt?.toISOString() ?? null,
  };
}

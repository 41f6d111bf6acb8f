import { Controller, Get, Inject, Query, Res, UseInterceptors } from '@nestjs/common';
import { ZodPipe } from '@waymark/http';
import {
  buildReport,
  ChartOptions,
  chartQuery,
  ChartQuery,
  closureGroupChart,
  closureGroupSize,
  EndToEndChart,
  measuresQuery,
  MeasuresQuery,
  reportCsv,
  weeklyChart,
} from '@waymark/measures-report';
import { smallestShownCount } from '@waymark/measures-maths';
import type { Watermark } from '@waymark/measures-store';
import type { Response } from 'express';
import { MEASURES_CONFIG, MeasuresConfig } from './config';
import { OverloadedInterceptor } from './overloaded.interceptor';
import { Reads } from './reads';

/**
 * The commissioners' figures: aggregates of whole weeks or months only, every one under disclosure control
 * (docs/measures.md, decision 0013). Each answer, with how fresh it is, is read in one snapshot.
 */
@Controller('v1/measures')
@UseInterceptors(OverloadedInterceptor)
export class MeasuresController {
  constructor(
    @Inject(MEASURES_CONFIG) private readonly config: MeasuresConfig,
    private readonly reads: Reads,
  ) {}

  @Get()
  async measures(@Query(new ZodPipe(measuresQuery)) query: MeasuresQuery, @Res({ passthrough: true }) res: Response) {
    const { format, ...filter } = query;
    const { periods, ratesInPence, watermark } = await this.reads.queries.periods(filter);
    const report = buildReport(filter, periods, { threshold: this.config.DISCLOSURE_THRESHOLD, rates: ratesInPence });
    if (format === 'json') return { ...report, freshness: freshness(watermark) };
    res.type('text/csv');
    res.setHeader('Content-Disposition', `attachment; filename="waymark-measures-${filter.from}-${filter.to}.csv"`);
    return reportCsv(report);
  }

  @Get('end-to-end-days/xmr')
  async endToEndChart(@Query(new ZodPipe(chartQuery)) query: ChartQuery) {
    const { by, limit, changeDate, target, ...filter } = query;
    const { chart, watermark } = await this.chart(by, limit, filter, { changeDate, target });
    const threshold = this.config.DISCLOSURE_THRESHOLD;
    return {
      filter: { ...filter, provider: filter.provider ?? null, area: filter.area ?? null },
      disclosureThreshold: threshold,
      smallestShownCount: smallestShownCount(threshold),
      ...chart,
      freshness: freshness(watermark),
    };
  }

  private async chart(
    by: ChartQuery['by'],
    limit: number,
    filter: Omit<ChartQuery, 'by' | 'limit' | keyof ChartOptions>,
    options: ChartOptions,
  ): Promise<{ chart: EndToEndChart; watermark: Watermark }> {
    const threshold = this.config.DISCLOSURE_THRESHOLD;
    if (by === 'week') {
      const { weeks, watermark } = await this.reads.queries.weeklyEndToEnd({ ...filter, groupBy: 'week' });
      return { chart: weeklyChart(filter, weeks, threshold, options), watermark };
    }
    const { sustainedByMonth, groups, watermark } = await this.reads.queries.recentClosureGroups(
      { ...filter, groupBy: 'month' },
      closureGroupSize(threshold),
      limit,
    );
    return { chart: closureGroupChart(filter, sustainedByMonth, groups, threshold, limit, options), watermark };
  }
}

/** How current the figures are: the newest event applied and when the projections last changed. */
function freshness({ lastRecordedAt, lastAppliedAt }: Watermark) {
  return {
    lastEventRecordedAt: lastRecordedAt?.toISOString() ?? null,
    lastAppliedAt: lastAppliedAt?.toISOString() ?? null,
  };
}

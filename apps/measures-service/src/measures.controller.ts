import { Controller, Get, Inject, Query, Res } from '@nestjs/common';
import { ZodPipe } from '@waymark/http';
import {
  buildReport,
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
import { CostRates, MeasuresQueries, MeasuresStore } from '@waymark/measures-store';
import type { Response } from 'express';
import { MEASURES_CONFIG, MeasuresConfig } from './config';

/**
 * The commissioners' figures: aggregates of whole weeks or months only, every one under disclosure control
 * (docs/measures.md, decision 0013).
 */
@Controller('v1/measures')
export class MeasuresController {
  constructor(
    @Inject(MEASURES_CONFIG) private readonly config: MeasuresConfig,
    private readonly queries: MeasuresQueries,
    private readonly rates: CostRates,
    private readonly store: MeasuresStore,
  ) {}

  @Get()
  async measures(@Query(new ZodPipe(measuresQuery)) query: MeasuresQuery, @Res({ passthrough: true }) res: Response) {
    const { format, ...filter } = query;
    const [aggregates, rates, freshness] = await Promise.all([
      this.queries.periods(filter),
      this.rates.pence(),
      this.freshness(),
    ]);
    const report = buildReport(filter, aggregates, { threshold: this.config.DISCLOSURE_THRESHOLD, rates });
    if (format === 'json') return { ...report, freshness };
    res.type('text/csv');
    res.setHeader('Content-Disposition', `attachment; filename="waymark-measures-${filter.from}-${filter.to}.csv"`);
    return reportCsv(report);
  }

  @Get('end-to-end-days/xmr')
  async endToEndChart(@Query(new ZodPipe(chartQuery)) query: ChartQuery) {
    const { by, limit, ...filter } = query;
    const threshold = this.config.DISCLOSURE_THRESHOLD;
    const size = closureGroupSize(threshold);
    const chart: EndToEndChart =
      by === 'week'
        ? weeklyChart(filter, await this.queries.weeklyEndToEnd({ ...filter, groupBy: 'week' }), threshold)
        : await this.queries
            .recentClosureGroups({ ...filter, groupBy: 'month' }, size, limit)
            .then(({ sustainedByMonth, groups }) =>
              closureGroupChart(filter, sustainedByMonth, groups, threshold, limit),
            );
    return {
      filter: { ...filter, provider: filter.provider ?? null, area: filter.area ?? null },
      disclosureThreshold: threshold,
      smallestShownCount: smallestShownCount(threshold),
      ...chart,
      freshness: await this.freshness(),
    };
  }

  /** How current the figures are: the newest event applied and when the projections last changed. */
  private async freshness() {
    const { lastRecordedAt, lastAppliedAt } = await this.store.watermark();
    return {
      lastEventRecordedAt: lastRecordedAt?.toISOString() ?? null,
      lastAppliedAt: lastAppliedAt?.toISOString() ?? null,
    };
  }
}

import { Controller, Get, Query, Res, UseInterceptors } from '@nestjs/common';
import { ZodPipe } from '@waymark/http';
import { MeasuresReading } from '@waymark/measures-reading';
import { reportCsv } from '@waymark/measures-report';
import type { Response } from 'express';
import { chartQuery, ChartQuery, measuresQuery, MeasuresQuery } from './measures-query';
import { OverloadedInterceptor } from './overloaded.interceptor';

/**
 * The commissioners' figures: aggregates of whole weeks or months only, every one under disclosure control
 * (docs/measures.md, decision 0013), read by the reading use case the dashboard shares. Each answer, with how fresh
 * it is, is read in one snapshot.
 */
@Controller('v1/measures')
@UseInterceptors(OverloadedInterceptor)
export class MeasuresController {
  constructor(private readonly reading: MeasuresReading) {}

  @Get()
  async measures(@Query(new ZodPipe(measuresQuery)) query: MeasuresQuery, @Res({ passthrough: true }) res: Response) {
    const { format, ...filter } = query;
    const answer = await this.reading.figures(filter);
    if (format === 'json') return answer;
    res.type('text/csv');
    res.setHeader('Content-Disposition', `attachment; filename="waymark-measures-${filter.from}-${filter.to}.csv"`);
    return reportCsv(answer);
  }

  @Get('end-to-end-days/xmr')
  endToEndChart(@Query(new ZodPipe(chartQuery)) query: ChartQuery) {
    return this.reading.endToEndChart(query);
  }
}

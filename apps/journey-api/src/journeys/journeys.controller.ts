import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ProblemException, ZodPipe } from '@waymark/http';
import { JourneyClient } from '@waymark/journey-client';
import { OpenJourneyBody, openJourneyBody } from '@waymark/journey-domain';
import { CurrentProvider } from '@waymark/provider-access';
import type { Response } from 'express';
import { listJourneysQuery, ListJourneysQuery } from './list-query';
import { PageTokens } from './page-tokens';
import { CommandMetricsInterceptor } from './command-metrics';
import { RefusalInterceptor } from './refusal.interceptor';
import { IdempotencyInterceptor, ReplayWith } from '@waymark/idempotency';
import { openingReplay } from './opening-replay';

@Controller('v1/journeys')
@UseInterceptors(IdempotencyInterceptor, CommandMetricsInterceptor, RefusalInterceptor)
export class JourneysController {
  constructor(
    private readonly journeys: JourneyClient,
    private readonly pageTokens: PageTokens,
  ) {}

  /** Opens a journey led by the calling provider. */
  @Post()
  @ReplayWith(openingReplay)
  async open(
    @CurrentProvider() provider: string,
    @Headers('idempotency-key') key: string,
    @Body(new ZodPipe(openJourneyBody)) body: OpenJourneyBody,
    @Res({ passthrough: true }) res: Response,
  ) {
    const journey = await this.journeys.open({ ...body, leadProviderId: provider }, key);
    res.location(`/v1/journeys/${journey.journeyId}`);
    return journey;
  }

  /** The caller's journeys: those it leads, is involved in, or is offered by hand-off. */
  @Get()
  async list(@CurrentProvider() provider: string, @Query(new ZodPipe(listJourneysQuery)) query: ListJourneysQuery) {
    const pageToken = query.pageToken === undefined ? undefined : this.pageTokens.open(query.pageToken);
    if (query.pageToken !== undefined && pageToken === undefined) {
      throw ProblemException.validation([
        { field: 'pageToken', rule: 'invalid_format', message: 'must be a token from a previous page' },
      ]);
    }
    const page = await this.journeys.list(provider, { ...query, pageToken });
    return page.nextPageToken ? { ...page, nextPageToken: this.pageTokens.seal(page.nextPageToken) } : page;
  }

  @Get(':journeyId')
  view(@CurrentProvider() provider: string, @Param('journeyId') journeyId: string) {
    return this.journeys.view(journeyId, provider);
  }
}

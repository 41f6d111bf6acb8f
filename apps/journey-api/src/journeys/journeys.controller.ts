import { Body, Controller, Get, Headers, Param, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { ZodPipe } from '@waymark/http';
import { JourneyClient } from '@waymark/journey-client';
import { OpenJourneyBody, openJourneyBody } from '@waymark/journey-domain';
import { CurrentProvider } from '@waymark/provider-access';
import type { Response } from 'express';
import { listJourneysQuery, ListJourneysQuery } from './list-query';
import { RefusalInterceptor } from './refusal.interceptor';
import { IdempotencyInterceptor } from '@waymark/idempotency';

@Controller('v1/journeys')
@UseInterceptors(IdempotencyInterceptor, RefusalInterceptor)
export class JourneysController {
  constructor(private readonly journeys: JourneyClient) {}

  /** Opens a journey led by the calling provider. */
  @Post()
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
  list(@CurrentProvider() provider: string, @Query(new ZodPipe(listJourneysQuery)) query: ListJourneysQuery) {
    return this.journeys.list(provider, query);
  }

  @Get(':journeyId')
  view(@CurrentProvider() provider: string, @Param('journeyId') journeyId: string) {
    return this.journeys.view(journeyId, provider);
  }
}

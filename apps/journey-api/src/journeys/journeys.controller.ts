import { Body, Controller, Post, Res } from '@nestjs/common';
import { ZodPipe } from '@waymark/http';
import { openJourneyCommand, OpenJourneyCommand } from '@waymark/journey-domain';
import type { Response } from 'express';
import { JourneysService, OpenedJourney } from './journeys.service';

@Controller('v1/journeys')
export class JourneysController {
  constructor(private readonly journeys: JourneysService) {}

  @Post()
  async open(
    @Body(new ZodPipe(openJourneyCommand)) command: OpenJourneyCommand,
    @Res({ passthrough: true }) res: Response,
  ): Promise<OpenedJourney> {
    const journey = await this.journeys.open(command);
    res.location(`/v1/journeys/${journey.journeyId}`);
    return journey;
  }
}

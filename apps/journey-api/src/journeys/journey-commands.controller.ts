import { Body, Controller, Headers, NotFoundException, Param, Post, UseInterceptors } from '@nestjs/common';
import { ProblemException, toFieldErrors } from '@waymark/http';
import { JourneyClient } from '@waymark/journey-client';
import { COMMAND_BODIES, JourneyCommand } from '@waymark/journey-domain';
import { CurrentProvider } from '@waymark/provider-access';
import { COMMAND_ROUTES, isCommandRoute } from './command-routes';
import { CommandMetricsInterceptor } from './command-metrics';
import { RefusalInterceptor } from './refusal.interceptor';
import { IdempotencyInterceptor } from '@waymark/idempotency';

/** Every journey command; each becomes a Temporal Update on the journey's workflow. */
@Controller('v1/journeys/:journeyId')
@UseInterceptors(IdempotencyInterceptor, CommandMetricsInterceptor, RefusalInterceptor)
export class JourneyCommandsController {
  constructor(private readonly journeys: JourneyClient) {}

  @Post(':route')
  async run(
    @Param('journeyId') journeyId: string,
    @Param('route') route: string,
    @CurrentProvider() provider: string,
    @Headers('idempotency-key') key: string,
    @Body() body: unknown,
  ) {
    if (!isCommandRoute(route)) throw new NotFoundException(`no command ${route}`);
    const type = COMMAND_ROUTES[route].command;
    const parsed = COMMAND_BODIES[type].safeParse(body ?? {});
    if (!parsed.success) throw ProblemException.validation(toFieldErrors(parsed.error));
    const command = { type, ...parsed.data } as JourneyCommand;
    return { journeyId, ...(await this.journeys.command(journeyId, provider, command, key)) };
  }
}

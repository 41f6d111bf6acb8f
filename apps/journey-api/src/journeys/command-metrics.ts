import { CallHandler, ExecutionContext, HttpException, Injectable, NestInterceptor } from '@nestjs/common';
import { ProblemException } from '@waymark/http';
import { InjectMetric, makeCounterProvider } from '@willsoto/nestjs-prometheus';
import type { Request } from 'express';
import type { Counter } from 'prom-client';
import { Observable, tap } from 'rxjs';
import { COMMAND_ROUTES, isCommandRoute } from './command-routes';

export const JOURNEY_COMMANDS = 'waymark_journey_commands_total';

export const COMMAND_METRICS = [
  makeCounterProvider({
    name: JOURNEY_COMMANDS,
    help: 'Journey commands by type and result: accepted, refused (problem: the problem type) or failed',
    labelNames: ['type', 'result', 'problem'],
  }),
];

/** The command a request carries: opening a journey or one of the command routes; undefined for anything else. */
export function commandTypeOf(method: string, params: Record<string, string | undefined>): string | undefined {
  if (method !== 'POST') return undefined;
  if (params['route'] === undefined) return 'open-journey';
  return isCommandRoute(params['route']) ? COMMAND_ROUTES[params['route']].command : undefined;
}

export interface CommandOutcome {
  result: 'accepted' | 'refused' | 'failed';
  /** The problem type's slug (docs/problems.md), or '' when accepted. */
  problem: string;
}

/** How a command ended, from the error it ended with (as RefusalInterceptor has turned it into a problem). */
export function commandOutcome(error?: unknown): CommandOutcome {
  if (error === undefined) return { result: 'accepted', problem: '' };
  const status = error instanceof HttpException ? error.getStatus() : 500;
  const problem =
    error instanceof ProblemException
      ? error.problem.type.replace(/^\/problems\//, '')
      : status < 500
        ? 'http'
        : 'internal';
  return { result: status < 500 ? 'refused' : 'failed', problem };
}

/**
 * Counts each journey command by how it ended. It sits inside the idempotency interceptor (an answer replayed for
 * a key is not a second command) and outside the refusal interceptor (so it sees the problem a refusal became).
 */
@Injectable()
export class CommandMetricsInterceptor implements NestInterceptor {
  constructor(@InjectMetric(JOURNEY_COMMANDS) private readonly commands: Counter<'type' | 'result' | 'problem'>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request>();
    const type = commandTypeOf(request.method, request.params);
    if (type === undefined) return next.handle();
    const count = (error?: unknown) => this.commands.inc({ type, ...commandOutcome(error) });
    return next.handle().pipe(tap({ next: () => count(), error: (error: unknown) => count(error) }));
  }
}

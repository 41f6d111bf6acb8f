import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { ProblemException, problemType } from '@waymark/http';
import { ReadRefused } from '@waymark/measures-store';
import { catchError, Observable } from 'rxjs';
import { QueryFailedError } from 'typeorm';

const DETAIL: Record<ReadRefused['reason'] | 'timeout', string> = {
  'queue-full': 'Too many requests for figures are waiting already.',
  'queue-timeout': 'The request waited too long for its turn.',
  closing: 'The service is stopping.',
  timeout: 'The figures could not be read in time.',
};

/**
 * A read that was not let in (too many waiting, waited too long, the service stopping) or that hit a database
 * timeout is a 503 `/problems/overloaded` with Retry-After: nothing waits forever, and the client may try again.
 */
@Injectable()
export class OverloadedInterceptor implements NestInterceptor {
  private readonly logger = new Logger(OverloadedInterceptor.name);

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof ReadRefused) throw overloaded(DETAIL[error.reason]);
        if (isDatabaseTimeout(error)) {
          this.logger.warn({ err: error }, 'a read timed out');
          throw overloaded(DETAIL.timeout);
        }
        throw error;
      }),
    );
  }
}

const overloaded = (detail: string) =>
  new ProblemException({
    type: problemType('overloaded'),
    title: 'Too busy to answer now',
    status: 503,
    detail: `${detail} Try again after Retry-After seconds.`,
  });

/** PostgreSQL cancelled a statement (statement_timeout, 57014), or no pool connection came in time. */
function isDatabaseTimeout(error: unknown): boolean {
  if (error instanceof QueryFailedError) return (error.driverError as { code?: string }).code === '57014';
  return error instanceof Error && error.message === 'timeout exceeded when trying to connect';
}
